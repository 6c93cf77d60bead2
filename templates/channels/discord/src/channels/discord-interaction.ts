// Reads a verified interaction body into what this bot handles — PING and slash commands — and refuses
// anything else with a DiscordInputError (400) before it can reach the agent.
import { InteractionType } from "discord-interactions";

/** A body Discord signed but this bot cannot use; answered with 400 and the message. */
export class DiscordInputError extends Error {
  readonly status = 400;
}

export interface DiscordUser {
  id: string;
  /** Display name, else username. */
  name: string;
}

export interface SlashCommandInteraction {
  kind: "command";
  id: string;
  /** The interaction token: the key to its webhook (valid 15 minutes). */
  token: string;
  /** The command's name ("ask", "new"). */
  name: string;
  /** Its options, values as strings (Discord sends numbers and booleans too). */
  options: Record<string, string>;
  user: DiscordUser;
  channelId: string;
  guildId?: string;
  /** A server channel or a group DM: other people can read the channel. */
  isGroup: boolean;
  /** The interaction as Discord sent it (for run hooks: member roles, locale, …). */
  raw: unknown;
}

export type DiscordInteraction = { kind: "ping" } | SlashCommandInteraction;

const SNOWFLAKE = /^\d{1,20}$/u;
/** Tokens go into webhook URLs: only URL-safe characters. */
const TOKEN = /^[\w.~-]{1,1000}$/u;
/** Chat-input command: type 1; option types 1 and 2 are subcommands (this bot registers none). */
const CHAT_INPUT = 1;
const SUBCOMMANDS = new Set([1, 2]);

/** Parses bytes as JSON; a body that is not JSON is a DiscordInputError. */
export function decodeJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    throw new DiscordInputError("The body is not UTF-8 JSON. Discord sends interactions as JSON objects.");
  }
}

/** The interaction in `body`, or a DiscordInputError saying what is wrong with it. */
export function parseInteraction(body: unknown): DiscordInteraction {
  const interaction = record(body, "The interaction");
  if (interaction.type === InteractionType.PING) return { kind: "ping" };
  if (interaction.type !== InteractionType.APPLICATION_COMMAND) {
    throw new DiscordInputError(`Interaction type ${JSON.stringify(interaction.type)} is not handled: this bot only answers PING (1) and slash commands (2).`);
  }
  const data = record(interaction.data, "data");
  if (data.type !== undefined && data.type !== CHAT_INPUT) throw new DiscordInputError("Only slash (chat input) commands are handled, not user or message commands.");
  const member = interaction.member === undefined ? undefined : record(interaction.member, "member");
  const user = record(member?.user ?? interaction.user, "user");
  const guildId = interaction.guild_id === undefined ? undefined : text(interaction.guild_id, "guild_id", SNOWFLAKE);
  return {
    kind: "command",
    id: text(interaction.id, "id", SNOWFLAKE),
    token: text(interaction.token, "token", TOKEN),
    name: text(data.name, "data.name", /^[-_'\p{L}\p{N}]{1,32}$/u),
    options: options(data.options),
    user: { id: text(user.id, "user.id", SNOWFLAKE), name: displayName(user) },
    channelId: text(interaction.channel_id, "channel_id", SNOWFLAKE),
    ...(guildId ? { guildId } : {}),
    // Context 2 is a group DM the user brought a user-installed app into.
    isGroup: guildId !== undefined || interaction.context === 2,
    raw: body,
  };
}

function options(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (!Array.isArray(value) || value.length > 25) throw new DiscordInputError("data.options must be an array of at most 25 options.");
  const result: Record<string, string> = Object.create(null); // an option named "__proto__" stays an option
  for (const item of value) {
    const option = record(item, "An option");
    if (SUBCOMMANDS.has(option.type as number)) throw new DiscordInputError("Subcommands are not handled: this bot registers none.");
    const name = text(option.name, "option name", /^[-_'\p{L}\p{N}]{1,32}$/u);
    const { value: optionValue } = option;
    if (typeof optionValue !== "string" && typeof optionValue !== "number" && typeof optionValue !== "boolean") {
      throw new DiscordInputError(`Option "${name}" has no string, number or boolean value.`);
    }
    result[name] = String(optionValue);
  }
  return result;
}

function displayName(user: Record<string, unknown>): string {
  for (const name of [user.global_name, user.username]) if (typeof name === "string" && name.trim()) return name.trim().slice(0, 100);
  return "Discord user";
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new DiscordInputError(`${what} must be a JSON object.`);
  return value as Record<string, unknown>;
}

function text(value: unknown, what: string, pattern: RegExp): string {
  if (typeof value !== "string" || !pattern.test(value)) throw new DiscordInputError(`${what} is missing or malformed.`);
  return value;
}
