// agent-host/testing: a fake Discord for offline tests of an HTTP-interactions bot — it signs interactions
// with its own Ed25519 key and POSTs them to your host, and serves the REST API your bot answers through.
//
// Point the bot at it with the public key and API base it hands out; everything the bot sends is recorded:
//
//   const discord = await startFakeDiscord();
//   const channel = discordChannel({ publicKey: discord.publicKey, applicationId: discord.applicationId,
//     botToken: discord.botToken, apiBase: discord.apiBase });
//   const { url } = await createAgentHost({ target, channels: [channel] }).serve({ port: 0 });
//   await discord.send(`${url}/discord/interactions`, discord.command({ name: "ask", options: { prompt: "hi" } }));
//   await discord.waitForMessages(channelId, (texts) => texts.length > 0); // texts after edits
//
// Webhook calls for an interaction answer 404 (Unknown Webhook) until the bot has answered its HTTP request,
// as on Discord; bot-token routes check `Authorization: Bot <token>`; messages over 2000 characters are refused.
import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import type { Channel, RunHook } from "../channel/types.ts";
import type { ChatConformanceHarness, FakeChatMessage } from "./chat-conformance.ts";
import { commandInteraction, createDiscordKeyPair, pingInteraction, signatureHeaders, snowflake, snowflakeOf, type FakeDiscordCommand } from "./_fake-discord-interactions.ts";
import { API_PATH, fakeDiscordRoutes } from "./_fake-discord-routes.ts";
import { FakeDiscordState, type FakeDiscordMessage, type FakeDiscordRequest } from "./_fake-discord-state.ts";

export type { FakeDiscordCommand } from "./_fake-discord-interactions.ts";
export type { FakeDiscordMessage, FakeDiscordRequest } from "./_fake-discord-state.ts";

export interface FakeDiscordOptions {
  applicationId?: string;
  botToken?: string;
}

export interface FakeDiscordSendOptions {
  /** Unix seconds for `X-Signature-Timestamp` (e.g. ten minutes ago, to test replay protection). Default now. */
  timestamp?: number;
  /** `forged`: signed with another key; `none`: no signature headers. Default `valid`. */
  signature?: "valid" | "forged" | "none";
}

export interface FakeDiscord {
  /** The REST API base, like `https://discord.com/api/v10`: the bot's `DISCORD_API_BASE`. */
  apiBase: string;
  /** The application's Public Key (64 hex characters): the bot's `DISCORD_PUBLIC_KEY`. */
  publicKey: string;
  applicationId: string;
  botToken: string;
  /** Every REST request the bot made, in order. */
  requests: FakeDiscordRequest[];
  /** Every message the bot made visible, with channel, text after edits and flags. */
  allMessages: FakeDiscordMessage[];
  /** The commands registered last (`guildId` for a server's, otherwise the global ones). */
  registeredCommands(guildId?: string): unknown[] | undefined;
  /** A PING interaction (type 1). */
  ping(): Record<string, unknown>;
  /** A slash-command interaction; without `guildId` it comes from the user's DM with the bot. */
  command(input: FakeDiscordCommand): Record<string, unknown>;
  /**
   * The interaction a chat message becomes: `/name args` → that command (args in its registered STRING
   * option, else one named `text`), anything else → `/ask prompt:<text>`. `group` → a server channel.
   */
  fromText(message: FakeChatMessage): Record<string, unknown>;
  /** The two signature headers for `body` (text is signed as UTF-8), to build a request yourself. */
  sign(body: string | Uint8Array, timestamp?: number): Record<string, string>;
  /** Signs and POSTs an interaction (object, or a raw string body) to `url`; applies the bot's answer. */
  send(url: string, interaction: Record<string, unknown> | string, options?: FakeDiscordSendOptions): Promise<Response>;
  /** What a channel shows now, one string per message after edits, oldest first ("thinking…" left out). */
  messages(channelId: string): string[];
  /** Polls `messages(channelId)` until `predicate` holds (default timeout 3 s). */
  waitForMessages(channelId: string, predicate: (texts: string[]) => boolean, timeoutMs?: number): Promise<string[]>;
  /** The next `count` API requests answer 429 with `retry_after` seconds. */
  rateLimitNext(count?: number, retryAfterSeconds?: number): void;
  /** A chat-conformance harness on this fake (Discord has no mention-gated groups: run the suite with `groups: false`). */
  chatHarness(channel: (options: { path?: string; runHook?: RunHook }) => Channel): ChatConformanceHarness;
  close(): Promise<void>;
}

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const applicationId = options.applicationId ?? snowflake();
  const botToken = options.botToken ?? `fake-bot-token.${snowflake()}`;
  const key = createDiscordKeyPair();
  const forger = createDiscordKeyPair();
  const state = new FakeDiscordState();
  const app = fakeDiscordRoutes(state, { applicationId, botToken });
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => resolve({ server: started, port: info.port }));
    started.once("error", reject);
  });
  const guildId = snowflake();

  const fake: FakeDiscord = {
    apiBase: `http://127.0.0.1:${port}${API_PATH}`,
    publicKey: key.publicKeyHex,
    applicationId,
    botToken,
    requests: state.requests,
    allMessages: state.messages,
    registeredCommands: (guild) => state.commands.get(guild ?? "global"),
    ping: () => pingInteraction(applicationId),
    command: (input) => {
      const userId = input.userId ?? snowflake();
      const channelId = input.channelId ?? state.dmChannels.get(userId) ?? snowflake();
      return commandInteraction(applicationId, { ...input, userId, channelId });
    },
    fromText(message) {
      const ids = { userId: snowflakeOf(message.userId), channelId: snowflakeOf(message.chatId), ...(message.group ? { guildId } : {}) };
      const command = /^\/([\w-]{1,32})(?:\s+([\s\S]*))?$/u.exec(message.text.trim());
      if (!command) return fake.command({ ...ids, name: "ask", options: { prompt: message.text } });
      const [, name = "", args = ""] = command;
      const registered = [...state.commands.values()].flat() as Array<{ name?: string; options?: Array<{ name: string; type: number }> }>;
      const option = registered.find((c) => c.name === name)?.options?.find((o) => o.type === 3)?.name ?? "text";
      return fake.command({ ...ids, name: name.toLowerCase(), options: args.trim() ? { [option]: args.trim() } : {} });
    },
    sign: (body, timestamp) => signatureHeaders(key, body, timestamp),
    async send(url, interaction, sendOptions = {}) {
      const body = typeof interaction === "string" ? interaction : JSON.stringify(interaction);
      const record = typeof interaction === "string" ? undefined : state.track(interaction);
      const signature = sendOptions.signature ?? "valid";
      const headers = signature === "none" ? {} : signatureHeaders(signature === "forged" ? forger : key, body, sendOptions.timestamp);
      const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", "user-agent": "Discord-Interactions/1.0 (+https://discord.com)", ...headers }, body });
      if (record && response.ok && response.headers.get("content-type")?.includes("json")) {
        state.acknowledge(record, (await response.clone().json()) as { type?: unknown; data?: { content?: unknown; flags?: unknown } });
      }
      return response;
    },
    messages: (channelId) => state.texts(snowflakeOf(channelId)),
    async waitForMessages(channelId, predicate, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(fake.messages(channelId))) {
        if (Date.now() > deadline) throw new Error(`The fake Discord channel ${channelId} shows ${JSON.stringify(fake.messages(channelId))} after ${timeoutMs} ms.`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return fake.messages(channelId);
    },
    rateLimitNext(count = 1, retryAfterSeconds = 0.05) {
      for (let i = 0; i < count; i++) state.rateLimits.push({ retryAfter: retryAfterSeconds });
    },
    chatHarness: (channel) => ({
      channel,
      sendMessage: (hostUrl, root, message) => fake.send(`${hostUrl}${root}/interactions`, fake.fromText(message)),
      sendForged: (hostUrl, root, message) => fake.send(`${hostUrl}${root}/interactions`, fake.fromText(message), { signature: "forged" }),
      sendMalformed: (hostUrl, root) => fake.send(`${hostUrl}${root}/interactions`, '{"type": 2, "data": '),
      messages: (chatId) => fake.messages(chatId),
      limit: 2000,
      close: () => fake.close(),
    }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ("closeAllConnections" in server) server.closeAllConnections();
      }),
  };
  return fake;
}
