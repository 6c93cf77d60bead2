// The `telegram` channel: your agent as a Telegram bot (grammy) — by webhook on `POST /telegram/webhook`,
// or by long polling for local development; answers stream into the chat by message edits.
import { answerText, claimOnce, splitMessage, type AcceptInGroup, type Channel, type ConversationScope, type RunHook } from "agent-host";
// grammy/web is grammY's ES module build on Node's own fetch: the same API as "grammy", and it loads several times faster.
import { Bot, webhookCallback } from "grammy/web";
import { Hono, type Context } from "hono";
import { timingSafeEqual } from "hono/utils/buffer";
import { readConfig } from "./telegram-config.ts";
import { registerCommands, registerWebhook, startPolling, type UpdateKind } from "./telegram-lifecycle.ts";
import { PrivateChatUnavailableError, retryAfter, TELEGRAM_LIMIT, telegramPush } from "./telegram-send.ts";
import { answerMessage } from "./telegram-turn.ts";
import { isUpdate, readTextMessage } from "./telegram-update.ts";

export interface TelegramChannelOptions {
  /** The channel's name in requests, identities and logs. Default "telegram". */
  name?: string;
  /** Mount root; the webhook is `<path>/webhook`. Default "/telegram". */
  path?: string;
  /** The token @BotFather gave you. Default `TELEGRAM_BOT_TOKEN`. */
  token?: string;
  /** Telegram sends it in `X-Telegram-Bot-Api-Secret-Token`; other requests get 401. Default `TELEGRAM_WEBHOOK_SECRET`. */
  webhookSecret?: string;
  /** `webhook` (default) or `polling` (no public URL needed). Default `TELEGRAM_MODE`. */
  mode?: "webhook" | "polling";
  /** Bot API root (a local Bot API server, a test fake). Default `TELEGRAM_API_ROOT`, else https://api.telegram.org. */
  apiRoot?: string;
  /** When set, the webhook is registered at `<publicUrl><path>/webhook` on startup. Default `AGENT_HOST_PUBLIC_URL`. */
  publicUrl?: string;
  /** Render the agent's Markdown as Telegram formatting (default), or send plain text. */
  markdown?: boolean;
  /** Which group messages reach the agent. Default: those that @mention the bot or reply to it. */
  acceptInGroup?: AcceptInGroup;
  /** Sessions in groups. Default `per_user_per_conversation`. */
  groupScope?: ConversationScope;
  /** Least time between two edits of a streamed answer. Default 1000 ms. */
  editIntervalMs?: number;
  /** Rewrites or rejects each request before it runs (throw → the user is told why). */
  runHook?: RunHook;
}

/** The updates the bot asks Telegram for (setWebhook and getUpdates). */
const ALLOWED_UPDATES: readonly UpdateKind[] = ["message"];

export function telegramChannel(options: TelegramChannelOptions = {}): Channel {
  const name = options.name ?? "telegram";
  const path = options.path ?? "/telegram";
  return {
    name,
    path,
    runHook: options.runHook,
    contribute(ctx) {
      const config = readConfig(options);
      if (config.problem) {
        const message = `${name} is not configured: ${config.problem} (see the README, "Connect a bot")`;
        ctx.log.warn(message);
        return { routes: new Hono().all("*", (c) => c.json({ error: message }, 503)) };
      }

      const bot = new Bot(config.token, { client: { ...(config.apiRoot ? { apiRoot: config.apiRoot } : {}) } });
      bot.api.config.use(retryAfter());
      const stopping = new AbortController();
      const initialized = lazyInit(bot, stopping.signal, (error) => ctx.log.error(`${name}: the Bot API refused or could not be reached (check TELEGRAM_BOT_TOKEN)`, { error: String(error) }));

      // Acknowledge every update at once and answer in the background: Telegram re-sends slow updates.
      const turns = new Set<Promise<void>>();
      bot.use(async (tg, next) => {
        if (!isUpdate(tg.update)) throw new Error("Not a Telegram update: it has no integer update_id.");
        if (await claimOnce(ctx.store, name, String(tg.update.update_id))) await next(); // a re-sent update runs once
      });
      bot.on("message", (tg) => {
        const message = readTextMessage(tg.update, { id: tg.me.id, username: tg.me.username });
        if (!message) return;
        const { acceptInGroup, groupScope, editIntervalMs } = options;
        const settings = { name, botUsername: tg.me.username, markdown: config.markdown, acceptInGroup, groupScope, editIntervalMs };
        const turn = answerMessage(ctx, bot.api, settings, message, tg.update).catch((error: unknown) => {
          const level = error instanceof PrivateChatUnavailableError ? "warn" : "error";
          ctx.log[level](`${name}: could not answer update ${message.updateId}`, { error: String(error) });
        });
        turns.add(turn);
        void turn.finally(() => turns.delete(turn));
      });
      bot.catch((error) => ctx.log.error(`${name}: update failed`, { error: String(error.error) }));

      const app = new Hono();
      if (config.mode === "webhook") {
        const handleUpdate = webhookCallback(bot, "hono", { secretToken: config.webhookSecret });
        app.post("/webhook", async (c) => {
          // grammy checks the secret too, but only after getMe: a forged request must never make us call Telegram.
          const secret = c.req.header("X-Telegram-Bot-Api-Secret-Token") ?? "";
          if (!(await timingSafeEqual(secret, config.webhookSecret))) return c.json({ error: "Wrong or missing X-Telegram-Bot-Api-Secret-Token." }, 401);
          if (!(await initialized())) return c.json({ error: `${name} cannot reach the Telegram Bot API; see the server log.` }, 503);
          try {
            return await handleUpdate(c);
          } catch (error) {
            const problem = await malformed(error, c);
            if (problem) return c.json({ error: problem }, 400);
            throw error;
          }
        });
      }

      let polling: { stop(): Promise<void> } | undefined;
      const start = async () => {
        // The menu is set once the Bot API answers, alongside (never before) receiving updates.
        const menu = () => registerCommands(bot.api, ctx.commands, ctx.log, name);
        // bot.start() waits for an unreachable Bot API by itself.
        if (config.mode === "polling") return void (polling = startPolling(bot, ALLOWED_UPDATES, ctx.log, name, menu));
        if (!(await initialized())) return;
        const url = `${config.publicUrl}${rootOf(path)}/webhook`;
        const webhook = config.publicUrl ? registerWebhook(bot.api, url, config.webhookSecret, ALLOWED_UPDATES, ctx.log, name) : undefined;
        await Promise.all([menu(), webhook]);
      };
      let startup: Promise<void> | undefined;
      return {
        routes: app,
        push: telegramPush(bot.api, config.markdown),
        format: (result) => splitMessage(answerText(result), TELEGRAM_LIMIT),
        // Not awaited: an unreachable Bot API must not hold up the host and its other channels.
        onStartup: [() => void (startup = start().catch((error: unknown) => ctx.log.error(`${name}: start-up failed`, { error: String(error) })))],
        onShutdown: [
          async () => {
            stopping.abort();
            await startup;
            await polling?.stop();
            await Promise.allSettled([...turns]);
          },
        ],
      };
    },
  };
}

/** `bot.init()` (getMe) once it succeeds; a failure is logged and retried on the next call. */
function lazyInit(bot: Bot, stopping: AbortSignal, onError: (error: unknown) => void): () => Promise<boolean> {
  let pending: Promise<boolean> | undefined;
  return () => {
    if (bot.isInited()) return Promise.resolve(true);
    if (pending) return pending;
    // grammy types its signal with the abort-controller polyfill; Node's AbortSignal is what it gets at run time.
    const signal = AbortSignal.any([AbortSignal.timeout(10_000), stopping]) as unknown as Parameters<Bot["init"]>[0];
    pending = bot
      .init(signal)
      .then(
        () => true,
        (error: unknown) => {
          if (!stopping.aborted) onError(error); // shutting down aborts the attempt: not an error
          return false;
        },
      )
      .finally(() => (pending = undefined));
    return pending;
  };
}

/** Why a secret-checked body is not an update (→ 400), or undefined when the failure is ours (→ 500). */
async function malformed(error: unknown, c: Context): Promise<string | undefined> {
  if (error instanceof SyntaxError) return "The body is not JSON: Telegram sends one Update object per request.";
  const body: unknown = await c.req.json().catch(() => undefined);
  return isUpdate(body) ? undefined : "The body is not a Telegram Update: it needs an integer update_id.";
}

function rootOf(path: string): string {
  const trimmed = path.trim().replace(/\/+$/u, "");
  return trimmed === "" || trimmed.startsWith("/") ? trimmed : `/${trimmed}`;
}
