// The few Discord REST calls this bot makes: interaction webhooks (edit, followup), channel messages and
// DM channels with the bot token, and command registration. Honours 429 `retry_after`; never logs tokens.

export const DISCORD_API = "https://discord.com/api/v10";
/** Discord's longest message, in characters. */
export const MESSAGE_LIMIT = 2000;
/** Message flag: no push notification (used for echoes). */
export const SUPPRESS_NOTIFICATIONS = 4096;

export class DiscordApiError extends Error {
  readonly status: number;
  /** Discord's JSON error code (10015 Unknown Webhook, 50001 Missing Access, 50007 Cannot DM this user, …). */
  readonly code: number | undefined;

  constructor(status: number, code: number | undefined, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export interface DiscordRestOptions {
  apiBase: string;
  applicationId: string;
  botToken: string;
}

interface CallOptions {
  /** Send `Authorization: Bot <token>` (webhook calls are authorized by the interaction token instead). */
  bot?: boolean;
  /** The first write after answering an interaction: its webhook may need a moment to exist (404). */
  untilAcknowledged?: boolean;
  /** How the route appears in errors, without the interaction token. */
  label: string;
}

const RATE_LIMIT_TRIES = 3;
const MAX_RETRY_AFTER_MS = 10_000;
const ACKNOWLEDGE_DELAYS_MS = [50, 100, 200, 400, 800];
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function discordRest(options: DiscordRestOptions) {
  const base = options.apiBase.replace(/\/+$/u, "");
  const webhook = (token: string) => `/webhooks/${options.applicationId}/${encodeURIComponent(token)}`;
  // Agent text must never ping @everyone, roles or users.
  const message = (content: string, flags = 0) => ({ content, allowed_mentions: { parse: [] }, ...(flags ? { flags } : {}) });

  async function call<T>(method: string, path: string, body: unknown, how: CallOptions): Promise<T> {
    let rateLimited = 0;
    const notFoundDelays = how.untilAcknowledged ? [...ACKNOWLEDGE_DELAYS_MS] : [];
    for (;;) {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: {
          "content-type": "application/json",
          "user-agent": "DiscordBot (https://www.npmjs.com/package/agent-host, 1)",
          ...(how.bot ? { authorization: `Bot ${options.botToken}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (response.status === 204) return undefined as T;
      const payload = (await response.json().catch(() => ({}))) as { message?: string; code?: number; retry_after?: number };
      if (response.ok) return payload as T;
      if (response.status === 429 && ++rateLimited < RATE_LIMIT_TRIES) {
        const seconds = payload.retry_after ?? Number(response.headers.get("retry-after") ?? 1);
        await pause(Math.min(Math.max(seconds, 0) * 1000, MAX_RETRY_AFTER_MS));
        continue;
      }
      const delay = response.status === 404 ? notFoundDelays.shift() : undefined;
      if (delay !== undefined) {
        await pause(delay);
        continue;
      }
      throw new DiscordApiError(response.status, payload.code, `Discord answered ${response.status} to ${how.label}: ${payload.message ?? response.statusText}${payload.code ? ` (code ${payload.code})` : ""}.`);
    }
  }

  return {
    /** Replaces a webhook message's text; `messageId` (a snowflake Discord gave us) "@original" is the interaction's own message. */
    async editMessage(token: string, messageId: string, content: string, first = false): Promise<void> {
      const label = `PATCH /webhooks/{application}/{token}/messages/${messageId === "@original" ? "@original" : "{id}"}`;
      await call("PATCH", `${webhook(token)}/messages/${messageId}`, message(content), { label, untilAcknowledged: first });
    },
    /** Sends a followup message in the interaction's channel; resolves its id. */
    async followUp(token: string, content: string, flags = 0): Promise<string> {
      const sent = await call<{ id: string }>("POST", `${webhook(token)}?wait=true`, message(content, flags), { label: "POST /webhooks/{application}/{token}" });
      return sent.id;
    },
    /** Posts to a channel with the bot token; resolves the message id. */
    async sendToChannel(channelId: string, content: string, flags = 0): Promise<string> {
      const path = `/channels/${encodeURIComponent(channelId)}/messages`;
      return (await call<{ id: string }>("POST", path, message(content, flags), { bot: true, label: `POST ${path}` })).id;
    },
    /** Opens (or finds) the bot's DM channel with a user; resolves the channel id. */
    async openDm(userId: string): Promise<string> {
      return (await call<{ id: string }>("POST", "/users/@me/channels", { recipient_id: userId }, { bot: true, label: "POST /users/@me/channels" })).id;
    },
    /** Replaces the application's commands: global, or one server's when `guildId` is set (instant there). */
    async putCommands(commands: unknown[], guildId?: string): Promise<Array<{ name: string }>> {
      const scope = guildId ? `/guilds/${encodeURIComponent(guildId)}` : "";
      const path = `/applications/${options.applicationId}${scope}/commands`;
      return call("PUT", path, commands, { bot: true, label: `PUT ${path}` });
    },
  };
}

export type DiscordRest = ReturnType<typeof discordRest>;
