// The fake Discord's side of an interaction: an Ed25519 key pair made with node:crypto, signatures
// over `timestamp + body` as Discord makes them, snowflake ids, and interaction payloads as Discord sends them.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";

/** An Ed25519 key pair; `publicKeyHex` is what the Developer Portal shows as the application's Public Key. */
export interface DiscordKeyPair {
  publicKeyHex: string;
  privateKey: KeyObject;
}

export function createDiscordKeyPair(): DiscordKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  // An Ed25519 SPKI DER ends with the 32 raw key bytes.
  const publicKeyHex = publicKey.export({ format: "der", type: "spki" }).subarray(-32).toString("hex");
  return { publicKeyHex, privateKey };
}

/** The two headers Discord puts on every interaction request. */
export function signatureHeaders(key: DiscordKeyPair, body: string | Uint8Array, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const stamp = String(timestamp);
  return {
    "X-Signature-Ed25519": sign(null, Buffer.concat([Buffer.from(stamp), Buffer.from(body)]), key.privateKey).toString("hex"),
    "X-Signature-Timestamp": stamp,
  };
}

const DISCORD_EPOCH = 1_420_070_400_000n;
let sequence = 0n;

/** A fresh snowflake id (milliseconds since 2015 shifted left 22 bits, plus a counter). */
export function snowflake(): string {
  sequence = (sequence + 1n) & 0xfffn;
  return String(((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | sequence);
}

/** A stable snowflake for a test's readable id ("u1" → always the same digits); digits stay as they are. */
export function snowflakeOf(id: string): string {
  if (/^\d{1,20}$/u.test(id)) return id;
  return String(BigInt(`0x${createHash("sha256").update(id).digest("hex").slice(0, 15)}`));
}

/** An interaction token: long, URL-safe, unguessable (real ones are about 200 characters). */
export function interactionToken(): string {
  return `aW50ZXJhY3Rpb24${randomBytes(48).toString("base64url")}`;
}

export interface FakeDiscordCommand {
  /** The slash command's name ("ask"). */
  name: string;
  /** Its options by name; strings become type 3, numbers 10, booleans 5. */
  options?: Record<string, string | number | boolean>;
  userId?: string;
  username?: string;
  /** The channel the command was used in. Default: the user's DM channel with the bot. */
  channelId?: string;
  /** Set for a command used in a server (guild) channel: the user then comes as `member.user`. */
  guildId?: string;
}

/** A type 2 (APPLICATION_COMMAND) interaction payload in Discord's shape (API v10). */
export function commandInteraction(applicationId: string, input: FakeDiscordCommand & { channelId: string; userId: string }): Record<string, unknown> {
  const user = { id: input.userId, username: input.username ?? `user${input.userId.slice(-4)}`, global_name: input.username ?? null, discriminator: "0", avatar: null };
  const options = Object.entries(input.options ?? {}).map(([name, value]) => ({
    name,
    type: typeof value === "string" ? 3 : typeof value === "boolean" ? 5 : 10,
    value,
  }));
  const inGuild = input.guildId !== undefined;
  return {
    id: snowflake(),
    application_id: applicationId,
    type: 2,
    token: interactionToken(),
    version: 1,
    locale: "en-US",
    app_permissions: "0",
    entitlements: [],
    context: inGuild ? 0 : 1,
    authorizing_integration_owners: inGuild ? { "0": input.guildId } : { "1": input.userId },
    data: { id: snowflake(), name: input.name, type: 1, ...(options.length ? { options } : {}) },
    channel_id: input.channelId,
    channel: { id: input.channelId, type: inGuild ? 0 : 1 },
    ...(inGuild
      ? { guild_id: input.guildId, guild_locale: "en-US", member: { user, roles: [], permissions: "0", nick: null, joined_at: new Date(0).toISOString() } }
      : { user }),
  };
}

/** A type 1 PING, what Discord sends when you save the Interactions Endpoint URL. */
export function pingInteraction(applicationId: string): Record<string, unknown> {
  return { id: snowflake(), application_id: applicationId, type: 1, token: interactionToken(), version: 1, user: { id: snowflake(), username: "discord" } };
}
