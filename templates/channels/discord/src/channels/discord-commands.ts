// The slash commands this bot offers — /ask for the agent plus the host's chat commands (/new, /link, …) —
// from one catalog, used by the channel (what it handles) and by discord-register.ts (what it registers).
import type { ChannelCommand } from "agent-host";
import { discordRest } from "./discord-rest.ts";

export const ASK = "ask";
const STRING = 3;

/** A chat-input command as Discord's "Bulk Overwrite Application Commands" takes it. */
export interface SlashCommand {
  type: 1;
  name: string;
  description: string;
  options?: Array<{ type: typeof STRING; name: string; description: string; required: boolean; max_length?: number }>;
}

/** Discord's rule for command names (lower case). */
const NAME = /^[-_'\p{L}\p{N}]{1,32}$/u;

/** /ask, then every host command shown in menus (`exposeInUi` not false) whose name Discord accepts. */
export function slashCommands(commands: readonly ChannelCommand[]): SlashCommand[] {
  const list: SlashCommand[] = [
    { type: 1, name: ASK, description: "Ask the agent", options: [{ type: STRING, name: "prompt", description: "Your message to the agent", required: true, max_length: 6000 }] },
  ];
  for (const command of commands) {
    const name = command.name.toLowerCase();
    if (command.exposeInUi === false || !NAME.test(name) || list.some((known) => known.name === name)) continue;
    const options = optionsOf(command, name);
    const description = (command.description.trim() || `Run /${name}`).slice(0, 100);
    list.push({ type: 1, name, description, ...(options ? { options } : {}) });
  }
  return list;
}

/** The STRING option a command's argument travels in (`argument` on the command; free `text` when it says nothing). */
function optionsOf(command: ChannelCommand, name: string): SlashCommand["options"] | undefined {
  if (command.argument === false) return undefined;
  const argument = command.argument ?? { name: "text", description: `What to pass to /${name}`, required: false };
  return [{ type: STRING, name: argument.name, description: argument.description.slice(0, 100), required: argument.required ?? false }];
}

/** What registering needs: the same settings and catalog a running discord channel uses. */
export interface DiscordRegistration {
  apiBase: string;
  applicationId: string;
  botToken: string;
  commands: SlashCommand[];
}

// Filled when a discord channel joins a host, so the registration script can build the project's host
// and register exactly what that host's channel handles.
const registrations = new Map<string, DiscordRegistration>();

/** Records (or, for an unconfigured channel, forgets) what `channelName` would register. */
export function rememberRegistration(channelName: string, registration: DiscordRegistration | undefined): void {
  if (registration) registrations.set(channelName, registration);
  else registrations.delete(channelName);
}

export function registrationOf(channelName: string): DiscordRegistration | undefined {
  return registrations.get(channelName);
}

/**
 * PUTs the commands (replacing all earlier ones): globally, or for one server with `guildId` — server
 * commands appear at once, which suits development. Resolves the registered names.
 */
export async function registerSlashCommands(registration: DiscordRegistration, guildId?: string): Promise<string[]> {
  const registered = await discordRest(registration).putCommands(registration.commands, guildId);
  return registered.map((command) => command.name);
}
