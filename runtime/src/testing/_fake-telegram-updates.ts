// Builds the Update JSON Telegram sends for a text message: private or group chat, forum topic, reply,
// and the entities Telegram detects itself (bot_command at the start, @mentions).
import type { TelegramEntity, TelegramMessage, TelegramUpdate, TelegramUser } from "./_fake-telegram-types.ts";

export interface FakeTelegramTextUpdate {
  text: string;
  /** Default: the user's id (a private chat has the user's id). */
  chatId?: number | string;
  /** Default 424242. */
  userId?: number;
  firstName?: string;
  username?: string;
  /** Default "private". */
  chatType?: "private" | "group" | "supergroup";
  /** Prepends `@<bot username> ` (with its mention entity). */
  mention?: boolean;
  /** Makes the message a reply to this bot message id (a reply to the bot). */
  replyToBotMessage?: number;
  /** A forum topic: sets `message_thread_id` and `is_topic_message`. */
  threadId?: number;
  /** Default: the fake's next update id. */
  updateId?: number;
  /** Default: the fake's next message id in that chat. */
  messageId?: number;
  /** A message sent by another bot (`from.is_bot`). */
  fromBot?: boolean;
}

/** What Telegram detects in a text by itself: a command at the start and `@username` mentions. */
export function detectTelegramEntities(text: string): TelegramEntity[] {
  const entities: TelegramEntity[] = [];
  const command = /^\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,64})?/u.exec(text);
  if (command) entities.push({ type: "bot_command", offset: 0, length: command[0].length });
  for (const match of text.matchAll(/(?<![\w@/])@[A-Za-z0-9_]{5,32}\b/gu)) {
    entities.push({ type: "mention", offset: match.index, length: match[0].length });
  }
  return entities;
}

export function textUpdate(
  spec: FakeTelegramTextUpdate,
  bot: TelegramUser,
  ids: { updateId: number; messageId: number },
): TelegramUpdate {
  const userId = spec.userId ?? 424242;
  const chatType = spec.chatType ?? "private";
  const chatId = Number(spec.chatId ?? userId);
  const from: TelegramUser = { id: userId, is_bot: spec.fromBot ?? false, first_name: spec.firstName ?? "Ada", ...(spec.username ? { username: spec.username } : {}), language_code: "en" };
  const text = spec.mention ? `@${bot.username} ${spec.text}` : spec.text;
  const entities = detectTelegramEntities(text);
  const date = Math.floor(Date.now() / 1000);
  const chat: TelegramMessage["chat"] =
    chatType === "private"
      ? { id: chatId, type: "private", first_name: from.first_name, ...(from.username ? { username: from.username } : {}) }
      : { id: chatId, type: chatType, title: "Test group", ...(spec.threadId !== undefined ? { is_forum: true as const } : {}) };
  const message: TelegramMessage = {
    message_id: ids.messageId,
    from,
    chat,
    date,
    ...(spec.threadId !== undefined ? { message_thread_id: spec.threadId, is_topic_message: true as const } : {}),
    text,
    ...(entities.length ? { entities } : {}),
  };
  if (spec.replyToBotMessage !== undefined) {
    message.reply_to_message = { message_id: spec.replyToBotMessage, from: bot, chat, date, text: "(an earlier answer)" };
  }
  return { update_id: ids.updateId, message };
}
