// The slice of the Telegram Bot API wire format the fake Bot API speaks (snake_case, as on the wire),
// so agent-host/testing needs no Telegram SDK: updates, messages, entities, errors and recorded calls.

export interface TelegramUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export interface TelegramChat {
  id: number;
  type: "private" | "group" | "supergroup" | "channel";
  title?: string;
  username?: string;
  first_name?: string;
  is_forum?: true;
}

export interface TelegramEntity {
  type: string;
  /** In UTF-16 code units, like JavaScript string indices. */
  offset: number;
  length: number;
  url?: string;
  user?: TelegramUser;
  language?: string;
  custom_emoji_id?: string;
}

export interface TelegramMessage {
  message_id: number;
  date: number;
  chat: TelegramChat;
  from?: TelegramUser;
  message_thread_id?: number;
  is_topic_message?: true;
  text?: string;
  entities?: TelegramEntity[];
  reply_to_message?: TelegramMessage;
  [field: string]: unknown;
}

export interface TelegramUpdate {
  update_id: number;
  message?: TelegramMessage;
  edited_message?: TelegramMessage;
  [field: string]: unknown;
}

/** A Bot API error body: `{ ok: false, error_code, description, parameters? }`. */
export interface TelegramApiError {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

/** One Bot API call the fake answered, in arrival order. */
export interface FakeTelegramCall {
  method: string;
  /** The parameters as the client sent them (JSON body merged over the query string). */
  params: Record<string, unknown>;
  /** The HTTP status the fake answered (200, or the error code). */
  status: number;
  /** The error the fake answered, when it answered one. */
  error?: TelegramApiError;
}

/** A message the bot sent, as the fake keeps it (after edits). */
export interface FakeTelegramSentMessage {
  chatId: string;
  messageId: number;
  /** The text as users see it (formatting parsed away). */
  text: string;
  entities: TelegramEntity[];
  threadId?: number;
  /** Sent with `disable_notification: true`. */
  silent: boolean;
  /** The message it replies to (`reply_parameters.message_id`). */
  replyTo?: number;
  /** How often it was edited. */
  edits: number;
}

/** A command as `setMyCommands` stored it. */
export interface TelegramBotCommand {
  command: string;
  description: string;
}

/** The webhook `setWebhook` registered. */
export interface FakeTelegramWebhook {
  url: string;
  secretToken?: string;
  allowedUpdates?: string[];
}
