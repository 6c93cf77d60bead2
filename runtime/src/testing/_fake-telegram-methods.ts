// The Bot API methods the fake answers (getMe, sendMessage, editMessageText, sendChatAction, setMyCommands,
// setWebhook, deleteWebhook, getUpdates, …), on one in-memory state, with Telegram's error descriptions.
import { checkTelegramText } from "./_fake-telegram-text.ts";
import type {
  FakeTelegramCall, FakeTelegramSentMessage, FakeTelegramWebhook, TelegramApiError, TelegramBotCommand, TelegramMessage, TelegramUpdate, TelegramUser,
} from "./_fake-telegram-types.ts";

export interface FakeTelegramState {
  bot: TelegramUser;
  calls: FakeTelegramCall[];
  sent: FakeTelegramSentMessage[];
  commands: TelegramBotCommand[];
  chatActions: Array<{ chatId: string; action: string; threadId?: number }>;
  webhook?: FakeTelegramWebhook;
  /** Updates for getUpdates, until a later call's offset confirms them. */
  pending: TelegramUpdate[];
  /** Wakes the long polls waiting in getUpdates. */
  waiters: Set<() => void>;
  /** Errors to answer instead of the next calls of a method. */
  failures: Map<string, TelegramApiError[]>;
  nextMessageId(chatId: string): number;
}

export type MethodAnswer = { ok: true; result: unknown } | { ok: false; error: TelegramApiError };

type Params = Record<string, unknown>;
type Method = (state: FakeTelegramState, params: Params, signal: AbortSignal) => MethodAnswer | Promise<MethodAnswer>;

const ok = (result: unknown): MethodAnswer => ({ ok: true, result });
const bad = (description: string, code = 400): MethodAnswer => ({ ok: false, error: { error_code: code, description } });
const CHAT_ACTIONS = new Set(["typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice", "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note"]);
/** Telegram waits at most 50 s in a long poll; the fake caps it the same way. */
const MAX_POLL_SECONDS = 50;

const chatOf = (params: Params): string | undefined => {
  const id = params.chat_id;
  if (typeof id === "number" && Number.isInteger(id)) return String(id);
  if (typeof id === "string" && /^(-?\d+|@\w{5,})$/u.test(id)) return id;
  return undefined;
};

function messageObject(state: FakeTelegramState, sent: FakeTelegramSentMessage): TelegramMessage {
  const id = Number(sent.chatId);
  return {
    message_id: sent.messageId,
    from: state.bot,
    chat: Number.isNaN(id) || id > 0 ? { id: Number.isNaN(id) ? 0 : id, type: "private", first_name: "User" } : { id, type: "supergroup", title: "Group" },
    date: Math.floor(Date.now() / 1000),
    text: sent.text,
    ...(sent.entities.length ? { entities: sent.entities } : {}),
    ...(sent.threadId !== undefined ? { message_thread_id: sent.threadId, is_topic_message: true as const } : {}),
  };
}

const methods: Record<string, Method> = {
  getMe: (state) => ok({ ...state.bot, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false }),

  sendMessage(state, params) {
    const chatId = chatOf(params);
    if (chatId === undefined) return bad("Bad Request: chat_id is empty");
    const threadId = params.message_thread_id;
    if (threadId !== undefined && !Number.isInteger(threadId)) return bad("Bad Request: message thread not found");
    const checked = checkTelegramText(params);
    if ("error" in checked) return bad(checked.error);
    const replyTo = (params.reply_parameters as { message_id?: unknown } | undefined)?.message_id;
    const sent: FakeTelegramSentMessage = {
      chatId, messageId: state.nextMessageId(chatId), text: checked.text, entities: checked.entities,
      ...(threadId !== undefined ? { threadId: threadId as number } : {}),
      silent: params.disable_notification === true,
      ...(typeof replyTo === "number" ? { replyTo } : {}),
      edits: 0,
    };
    state.sent.push(sent);
    return ok(messageObject(state, sent));
  },

  editMessageText(state, params) {
    if (params.inline_message_id !== undefined) return bad("Bad Request: the fake does not support inline messages");
    const chatId = chatOf(params);
    if (chatId === undefined) return bad("Bad Request: chat_id is empty");
    const sent = state.sent.find((m) => m.chatId === chatId && m.messageId === params.message_id);
    if (!sent) return bad("Bad Request: message to edit not found");
    const checked = checkTelegramText(params);
    if ("error" in checked) return bad(checked.error);
    if (checked.text === sent.text && JSON.stringify(checked.entities) === JSON.stringify(sent.entities)) {
      return bad("Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
    }
    Object.assign(sent, { text: checked.text, entities: checked.entities, edits: sent.edits + 1 });
    return ok(messageObject(state, sent));
  },

  sendChatAction(state, params) {
    const chatId = chatOf(params);
    if (chatId === undefined) return bad("Bad Request: chat_id is empty");
    if (typeof params.action !== "string" || !CHAT_ACTIONS.has(params.action)) return bad("Bad Request: wrong parameter action in request");
    const threadId = params.message_thread_id;
    state.chatActions.push({ chatId, action: params.action, ...(typeof threadId === "number" ? { threadId } : {}) });
    return ok(true);
  },

  setMyCommands(state, params) {
    const commands = params.commands;
    if (!Array.isArray(commands) || commands.length > 100) return bad("Bad Request: commands must be an array of at most 100 BotCommand");
    for (const command of commands as Array<Partial<TelegramBotCommand>>) {
      if (typeof command?.command !== "string" || !/^[a-z0-9_]{1,32}$/u.test(command.command)) return bad("Bad Request: BOT_COMMAND_INVALID");
      if (typeof command.description !== "string" || command.description.trim().length < 1 || command.description.length > 256) return bad("Bad Request: BOT_COMMAND_DESCRIPTION_INVALID");
    }
    if (params.scope === undefined && params.language_code === undefined) state.commands = (commands as TelegramBotCommand[]).map(({ command, description }) => ({ command, description }));
    return ok(true);
  },

  getMyCommands: (state) => ok(state.commands),

  setWebhook(state, params) {
    const url = params.url;
    if (typeof url !== "string") return bad("Bad Request: bad webhook: Failed to resolve host: Name or service not known");
    if (url === "") {
      delete state.webhook;
      return ok(true);
    }
    if (!url.startsWith("https://")) return bad("Bad Request: bad webhook: An HTTPS URL must be provided for webhook");
    const secret = params.secret_token;
    if (secret !== undefined && (typeof secret !== "string" || !/^[A-Za-z0-9_-]{1,256}$/u.test(secret))) return bad("Bad Request: secret token contains unallowed characters");
    const allowed = params.allowed_updates;
    state.webhook = { url, ...(typeof secret === "string" ? { secretToken: secret } : {}), ...(Array.isArray(allowed) ? { allowedUpdates: allowed.map(String) } : {}) };
    if (params.drop_pending_updates === true) state.pending = [];
    return ok(true);
  },

  deleteWebhook(state, params) {
    delete state.webhook;
    if (params.drop_pending_updates === true) state.pending = [];
    return ok(true);
  },

  getWebhookInfo: (state) =>
    ok({ url: state.webhook?.url ?? "", has_custom_certificate: false, pending_update_count: state.pending.length, ...(state.webhook?.allowedUpdates ? { allowed_updates: state.webhook.allowedUpdates } : {}) }),

  async getUpdates(state, params, signal) {
    if (state.webhook) return bad("Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first", 409);
    const offset = Number.isInteger(params.offset) ? (params.offset as number) : 0;
    const limit = Number.isInteger(params.limit) ? Math.min(100, Math.max(1, params.limit as number)) : 100;
    const timeout = Number.isInteger(params.timeout) ? Math.min(MAX_POLL_SECONDS, Math.max(0, params.timeout as number)) : 0;
    // An offset confirms every update before it: Telegram forgets them.
    if (offset > 0) state.pending = state.pending.filter((update) => update.update_id >= offset);
    const ready = () => state.pending.filter((update) => update.update_id >= offset).slice(0, limit);
    if (ready().length === 0 && timeout > 0 && !signal.aborted) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          state.waiters.delete(wake);
          signal.removeEventListener("abort", wake);
          resolve();
        };
        const timer = setTimeout(wake, timeout * 1000);
        state.waiters.add(wake);
        signal.addEventListener("abort", wake);
      });
    }
    return ok(ready());
  },
};

/** Answers one Bot API call (an injected failure first, if one is queued for the method). */
export async function callMethod(state: FakeTelegramState, method: string, params: Params, signal: AbortSignal): Promise<MethodAnswer> {
  const handler = methods[method];
  if (!handler) return bad("Not Found: method not found", 404);
  const failure = state.failures.get(method)?.shift();
  if (failure) return { ok: false, error: failure };
  return handler(state, params, signal);
}

