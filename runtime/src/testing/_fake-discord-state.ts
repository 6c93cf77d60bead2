// What the fake Discord remembers: the interactions it sent (and whether the bot acknowledged them),
// the messages in each channel after edits, DM channels, registered commands and every API request.
import { snowflake } from "./_fake-discord-interactions.ts";

/** One request the bot made to the fake Discord API. */
export interface FakeDiscordRequest {
  method: string;
  /** Path below the API base, e.g. `/webhooks/<app>/<token>/messages/@original`. */
  path: string;
  /** What the request was, e.g. `webhook.edit`, `webhook.followup`, `channel.message`, `dm.open`, `commands.put`. */
  endpoint: string;
  /** The `Authorization` header, if any. */
  authorization?: string;
  body: unknown;
}

/** A message the bot made visible in a channel (undefined text = the deferred "thinking…" placeholder). */
export interface FakeDiscordMessage {
  id: string;
  channelId: string;
  text?: string;
  /** Only the invoking user sees it (flag 64). */
  ephemeral: boolean;
  flags: number;
}

export interface FakeInteractionRecord {
  id: string;
  token: string;
  channelId: string;
  userId: string;
  /** `sent` until the bot answered the HTTP request; webhooks for it 404 until then, as on Discord. */
  state: "sent" | "acknowledged" | "answered";
  /** The id of the interaction's original message once it exists. */
  originalId?: string;
  /** Followup message ids (plus the original) that belong to this interaction's webhook. */
  messageIds: Set<string>;
}

export const EPHEMERAL = 64;

export class FakeDiscordState {
  readonly requests: FakeDiscordRequest[] = [];
  readonly interactions = new Map<string, FakeInteractionRecord>();
  readonly messages: FakeDiscordMessage[] = [];
  /** User id → their DM channel with the bot. */
  readonly dmChannels = new Map<string, string>();
  /** Channels the bot may post in (those interactions came from, and opened DMs). */
  readonly channels = new Set<string>();
  /** Registered commands by scope: "global" or a guild id. */
  readonly commands = new Map<string, unknown[]>();
  rateLimits: Array<{ retryAfter: number }> = [];

  /** Remembers an interaction the fake is about to send. */
  track(interaction: Record<string, unknown>): FakeInteractionRecord | undefined {
    const { id, token, channel_id: channelId, guild_id: guildId } = interaction;
    const user = (interaction.member as { user?: { id?: unknown } } | undefined)?.user ?? (interaction.user as { id?: unknown } | undefined);
    if (typeof id !== "string" || typeof token !== "string" || typeof channelId !== "string" || typeof user?.id !== "string") return undefined;
    const known = this.interactions.get(token);
    if (known) return known.state === "sent" ? known : undefined; // a replay: the first answer stands
    this.channels.add(channelId);
    if (guildId === undefined) this.dmChannels.set(user.id, channelId);
    const record: FakeInteractionRecord = { id, token, channelId, userId: user.id, state: "sent", messageIds: new Set() };
    this.interactions.set(token, record);
    return record;
  }

  /** Applies the bot's HTTP answer to an interaction: type 4 shows a message, type 5 a "thinking" placeholder. */
  acknowledge(record: FakeInteractionRecord, response: { type?: unknown; data?: { content?: unknown; flags?: unknown } }): void {
    const flags = typeof response.data?.flags === "number" ? response.data.flags : 0;
    if (response.type === 4 || response.type === 5) {
      const text = response.type === 4 && typeof response.data?.content === "string" ? response.data.content : undefined;
      const message = this.addMessage(record.channelId, text, flags);
      record.originalId = message.id;
      record.messageIds.add(message.id);
    }
    record.state = response.type === 4 ? "answered" : "acknowledged";
  }

  addMessage(channelId: string, text: string | undefined, flags = 0): FakeDiscordMessage {
    const message: FakeDiscordMessage = { id: snowflake(), channelId, text, flags, ephemeral: (flags & EPHEMERAL) !== 0 };
    this.messages.push(message);
    return message;
  }

  message(id: string): FakeDiscordMessage | undefined {
    return this.messages.find((message) => message.id === id);
  }

  /** The texts shown in a channel now, oldest first (placeholders not yet edited are left out). */
  texts(channelId: string): string[] {
    return this.messages.filter((m) => m.channelId === channelId && m.text !== undefined).map((m) => m.text as string);
  }

  openDm(userId: string): string {
    let channelId = this.dmChannels.get(userId);
    if (!channelId) this.dmChannels.set(userId, (channelId = snowflake()));
    this.channels.add(channelId);
    return channelId;
  }
}
