// agent-host/testing: a fake Telegram Bot API on 127.0.0.1 for offline tests with a real client (grammy):
// `POST /bot<token>/<method>`, every call recorded, Telegram's formatting rules and errors enforced.
//
// Point grammy at it with `client.apiRoot`, build real Update JSON with `textUpdate`, and deliver it by
// webhook (`postUpdate` with the secret header) or long polling (`queueUpdate`, answered by getUpdates):
//
//   const telegram = await startFakeTelegram();
//   const bot = new Bot(telegram.token, { client: { apiRoot: telegram.apiRoot } });
//   await telegram.postUpdate(`${hostUrl}/telegram/webhook`, telegram.textUpdate({ text: "hi", chatId: 7 }), "secret");
//   await telegram.waitFor(() => telegram.messages(7).at(-1));   // what chat 7 shows, after edits
//   await telegram.close();
//
// Methods: getMe, sendMessage, editMessageText, sendChatAction, setMyCommands, getMyCommands, setWebhook,
// deleteWebhook, getWebhookInfo, getUpdates (long poll; 409 while a webhook is set, like Telegram). A wrong
// token answers 401. Text must be 1-4096 characters after parsing; parse_mode MarkdownV2/Markdown/HTML is
// parsed strictly (an unescaped `.` or `*` in MarkdownV2 is a 400) and explicit `entities` must be in
// bounds and nested as Telegram requires (`checkTelegramText` is the same check, for unit tests).
// Parameters are read from a JSON body and the query string (grammy sends JSON; file uploads are not faked).
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono, type Context } from "hono";
import { callMethod, type FakeTelegramState } from "./_fake-telegram-methods.ts";
import { textUpdate, type FakeTelegramTextUpdate } from "./_fake-telegram-updates.ts";
import type {
  FakeTelegramCall, FakeTelegramSentMessage, FakeTelegramWebhook, TelegramApiError, TelegramBotCommand, TelegramUpdate, TelegramUser,
} from "./_fake-telegram-types.ts";

export type * from "./_fake-telegram-types.ts";
export type { FakeTelegramTextUpdate } from "./_fake-telegram-updates.ts";
export { detectTelegramEntities } from "./_fake-telegram-updates.ts";
export { checkTelegramText, TELEGRAM_TEXT_LIMIT } from "./_fake-telegram-text.ts";

export interface FakeTelegramOptions {
  /** The bot token the fake accepts (its bot id is the part before ':'). Default "123456789:TEST-fake-token". */
  token?: string;
  /** The bot's username (without '@'). Default "agent_host_test_bot". */
  username?: string;
  firstName?: string;
}

export interface FakeTelegram {
  /** `http://127.0.0.1:<port>`: grammy's `client.apiRoot` (and `TELEGRAM_API_ROOT`). */
  apiRoot: string;
  token: string;
  /** What getMe answers. */
  bot: TelegramUser & { username: string };
  /** Every call, in arrival order (also failed ones). */
  calls: FakeTelegramCall[];
  callsTo(method: string): FakeTelegramCall[];
  /** Every message the bot sent, in order, as shown now (after edits). */
  sent: FakeTelegramSentMessage[];
  /** What the bot shows in a chat, one string per message (after edits), oldest first. */
  messages(chatId: string | number): string[];
  /** The commands the last default-scope `setMyCommands` stored. */
  readonly commands: readonly TelegramBotCommand[];
  /** The registered webhook, if any. */
  readonly webhook: FakeTelegramWebhook | undefined;
  /** Every sendChatAction, in order. */
  chatActions: Array<{ chatId: string; action: string; threadId?: number }>;
  /** A text message Update as Telegram sends it (fresh update and message ids unless given). */
  textUpdate(spec: FakeTelegramTextUpdate): TelegramUpdate;
  /** Queues an update for getUpdates (wakes a waiting long poll). */
  queueUpdate(update: TelegramUpdate): void;
  /** POSTs an update to a webhook URL as Telegram does; `secretToken` goes in X-Telegram-Bot-Api-Secret-Token. A string body is sent as is. */
  postUpdate(url: string, update: TelegramUpdate | string, secretToken?: string): Promise<Response>;
  /** Answers the next `times` calls of `method` with this error instead. */
  failNext(method: string, error: TelegramApiError, times?: number): void;
  /** Answers the next `times` calls of `method` with 429 Too Many Requests and `retry_after`. */
  rateLimit(method: string, retryAfterSeconds?: number, times?: number): void;
  /** Polls `check` until it returns a truthy value (resolved) or `timeoutMs` passes (rejected). */
  waitFor<T>(check: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export async function startFakeTelegram(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const token = options.token ?? "123456789:TEST-fake-token";
  const bot = { id: Number.parseInt(token, 10) || 123456789, is_bot: true, first_name: options.firstName ?? "Test Bot", username: options.username ?? "agent_host_test_bot" };
  const messageIds = new Map<string, number>();
  let updateId = 100_000;
  const state: FakeTelegramState = {
    bot, calls: [], sent: [], commands: [], chatActions: [], pending: [], waiters: new Set(), failures: new Map(),
    nextMessageId(chatId) {
      const next = (messageIds.get(chatId) ?? 0) + 1;
      messageIds.set(chatId, next);
      return next;
    },
  };

  const app = new Hono();
  app.all("/:bot/:method", async (c) => {
    const method = c.req.param("method");
    const params: Record<string, unknown> = { ...c.req.query(), ...(await jsonBody(c)) };
    const answer = c.req.param("bot") !== `bot${token}`
      ? { ok: false as const, error: { error_code: 401, description: "Unauthorized" } }
      : await callMethod(state, method, params, c.req.raw.signal);
    const status = answer.ok ? 200 : answer.error.error_code;
    state.calls.push({ method, params, status, ...(answer.ok ? {} : { error: answer.error }) });
    return answer.ok ? c.json({ ok: true, result: answer.result }) : c.json({ ok: false, ...answer.error }, status as 400);
  });
  app.notFound((c) => c.json({ ok: false, error_code: 404, description: "Not Found" }, 404));

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(started));
    started.once("error", reject);
  });
  const apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const failNext: FakeTelegram["failNext"] = (method, error, times = 1) => {
    const queue = state.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) queue.push(error);
    state.failures.set(method, queue);
  };

  return {
    apiRoot, token, bot, failNext, calls: state.calls, sent: state.sent, chatActions: state.chatActions,
    callsTo: (method) => state.calls.filter((call) => call.method === method),
    messages: (chatId) => state.sent.filter((m) => m.chatId === String(chatId)).map((m) => m.text),
    get commands() {
      return state.commands;
    },
    get webhook() {
      return state.webhook;
    },
    textUpdate(spec) {
      const chatId = String(spec.chatId ?? spec.userId ?? 424242);
      return textUpdate(spec, bot, { updateId: spec.updateId ?? ++updateId, messageId: spec.messageId ?? state.nextMessageId(chatId) });
    },
    queueUpdate(update) {
      state.pending.push(update);
      for (const wake of [...state.waiters]) wake();
    },
    postUpdate: (url, update, secretToken) =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(secretToken !== undefined ? { "x-telegram-bot-api-secret-token": secretToken } : {}) },
        body: typeof update === "string" ? update : JSON.stringify(update),
      }),
    rateLimit(method, retryAfterSeconds = 1, times = 1) {
      failNext(method, { error_code: 429, description: `Too Many Requests: retry after ${retryAfterSeconds}`, parameters: { retry_after: retryAfterSeconds } }, times);
    },
    async waitFor(check, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = check();
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`fake Telegram: condition not met after ${timeoutMs} ms; calls so far: ${state.calls.map((call) => call.method).join(", ") || "none"}.`);
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const wake of [...state.waiters]) wake();
        server.close(() => resolve());
        if ("closeAllConnections" in server) server.closeAllConnections();
      }),
  };
}

/** The JSON body's fields, or none (GET, empty body, other content types). */
async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  if (!c.req.header("content-type")?.includes("application/json")) return {};
  const body: unknown = await c.req.json().catch(() => undefined);
  return typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}
