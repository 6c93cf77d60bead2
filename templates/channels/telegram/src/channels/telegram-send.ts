// Sending to Telegram: Markdown rendered as entities (plain text if Telegram still refuses them), 429s
// answered by waiting `retry_after`, the ChatReplySink answerChat streams into, and ChannelPush by chat id.
import { echoLine, type ChannelPush, type ChatReplySink } from "agent-host";
import { GrammyError, type Api, type Transformer } from "grammy/web";
import { renderMarkdown } from "./telegram-format.ts";

/** Telegram's longest text message, in UTF-16 code units. */
export const TELEGRAM_LIMIT = 4096;

/** Where a message goes: a chat, and the forum topic in it. */
export interface ChatAddress {
  chatId: number;
  threadId?: number;
}

export interface SendOptions {
  /** Render Markdown as entities (default) or send the text as typed. */
  markdown: boolean;
  /** No notification sound (attributed echoes). */
  silent?: boolean;
  /** Reply to this message (groups: shows whom the bot answers). */
  replyTo?: number;
}

/**
 * A Bot API transformer: a 429 answer waits its `retry_after` seconds and tries again (at most `attempts`
 * calls, never longer than `maxWaitSeconds` per wait). Telegram allows about one message per second per chat.
 */
export function retryAfter(options: { attempts?: number; maxWaitSeconds?: number } = {}): Transformer {
  const { attempts = 3, maxWaitSeconds = 30 } = options;
  return async (prev, method, payload, signal) => {
    for (let attempt = 1; ; attempt++) {
      const result = await prev(method, payload, signal);
      const wait = result.ok ? undefined : result.parameters?.retry_after;
      if (wait === undefined || wait > maxWaitSeconds || attempt >= attempts || signal?.aborted) return result;
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
    }
  };
}

/** Sends one message (at most TELEGRAM_LIMIT characters); resolves its message id. */
export async function sendText(api: Api, to: ChatAddress, text: string, options: SendOptions): Promise<number> {
  const base = {
    ...(to.threadId !== undefined ? { message_thread_id: to.threadId } : {}),
    ...(options.silent ? { disable_notification: true } : {}),
    ...(options.replyTo !== undefined ? { reply_parameters: { message_id: options.replyTo, allow_sending_without_reply: true } } : {}),
  };
  const rendered = options.markdown ? renderMarkdown(text) : undefined;
  if (!rendered?.text) return (await api.sendMessage(to.chatId, text, base)).message_id;
  const entities = rendered.entities.length ? { entities: rendered.entities } : {};
  try {
    return (await api.sendMessage(to.chatId, rendered.text, { ...base, ...entities })).message_id;
  } catch (error) {
    if (!rendered.entities.length || !refusedEntities(error)) throw error;
    return (await api.sendMessage(to.chatId, text, base)).message_id;
  }
}

/** Replaces a sent message's text; an unchanged text is not an error. */
export async function editText(api: Api, to: ChatAddress, messageId: number, text: string, options: SendOptions): Promise<void> {
  const rendered = options.markdown ? renderMarkdown(text) : undefined;
  const edit = (body: string, other = {}) => api.editMessageText(to.chatId, messageId, body, other);
  try {
    if (!rendered?.text) await edit(text);
    else if (!rendered.entities.length) await edit(rendered.text);
    else await edit(rendered.text, { entities: rendered.entities }).catch((error: unknown) => (refusedEntities(error) ? edit(text) : Promise.reject(error)));
  } catch (error) {
    if (!(error instanceof GrammyError && error.description.includes("message is not modified"))) throw error;
  }
}

/** Where answerChat puts a turn's messages: this chat (topic), typing indicator, DMs for link codes. */
export function chatSink(api: Api, to: ChatAddress & { userId: number; isGroup: boolean; replyTo?: number; botUsername: string }, markdown: boolean): ChatReplySink {
  let replyTo = to.replyTo; // only the first message of an answer quotes the question
  const sink: ChatReplySink = {
    limit: TELEGRAM_LIMIT,
    async send(text) {
      const id = await sendText(api, to, text, { markdown, ...(replyTo !== undefined ? { replyTo } : {}) });
      replyTo = undefined;
      return String(id);
    },
    edit: (messageId, text) => editText(api, to, Number(messageId), text, { markdown }),
    typing: async () => {
      await api.sendChatAction(to.chatId, "typing", to.threadId !== undefined ? { message_thread_id: to.threadId } : {});
    },
  };
  if (to.isGroup) {
    // A link code must not be readable by the group. A bot may only DM users who pressed Start in its chat.
    sink.sendPrivately = async (text) => {
      try {
        await sendText(api, { chatId: to.userId }, text, { markdown });
      } catch (error) {
        await sink.send(`To link this account, open a private chat with @${to.botUsername}, press Start, and send /link there.`);
        throw new PrivateChatUnavailableError(`Could not send the link instructions privately (has the user pressed Start?): ${String(error)}`);
      }
    };
  }
  return sink;
}

/** ChannelPush: sends to the chat id stored on the identity (the user's private chat); echoes go silently first. */
export function telegramPush(api: Api, markdown: boolean): ChannelPush {
  return async (identity, message) => {
    const chatId = Number(identity.attributes?.chatId);
    if (!Number.isSafeInteger(chatId)) return { status: "skipped", reason: "no_chat_id" };
    try {
      if (message.echo) await sendText(api, { chatId }, echoLine(message.echo), { markdown: false, silent: true });
      return { status: "delivered", messageId: String(await sendText(api, { chatId }, message.text, { markdown })) };
    } catch (error) {
      const code = error instanceof GrammyError ? `telegram_${error.error_code}` : "telegram_unreachable";
      return { status: "failed", error: { code, message: error instanceof GrammyError ? error.description : String(error) } };
    }
  };
}

/** A bot may only message users who started a private chat with it; the group was told what to do. */
export class PrivateChatUnavailableError extends Error {
  override name = "PrivateChatUnavailableError";
}

/** Telegram refused the entities we computed: better the raw text than no answer. */
function refusedEntities(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 400 && /entit/iu.test(error.description);
}
