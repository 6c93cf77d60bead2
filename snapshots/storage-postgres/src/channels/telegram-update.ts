// Reads what the channel needs from a Telegram Update: a text message, who sent it and where, and whether
// a group message addresses the bot. Never throws: whatever it cannot use comes back `undefined` (ignored).
import { parseCommand } from "agent-host";

export interface BotIdentity {
  id: number;
  username: string;
}

export interface IncomingText {
  updateId: number;
  messageId: number;
  chatId: number;
  isGroup: boolean;
  /** The forum topic the message is in: replies go to the same topic. */
  threadId?: number;
  user: { id: number; displayName: string; username?: string };
  /** The text as typed (commands are read from it). */
  text: string;
  /** The text for the agent: the bot's @mentions removed. */
  prompt: string;
  /** Addressed to the bot: an @mention, `/command@bot`, or a reply to one of its messages. */
  mentioned: boolean;
  /** Starts with a command for this bot (`/new`, `/new@bot`; not `/new@other_bot`). */
  isCommand: boolean;
}

type Fields = Record<string, unknown>;

const fields = (value: unknown): Fields | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Fields) : undefined;
const integer = (value: unknown): number | undefined => (Number.isSafeInteger(value) ? (value as number) : undefined);
const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** Every Telegram update is an object with an integer `update_id`. */
export function isUpdate(body: unknown): body is { update_id: number } {
  return integer(fields(body)?.update_id) !== undefined;
}

/** The text message in `update` from a person in a private chat or group, or undefined. */
export function readTextMessage(update: unknown, bot: BotIdentity): IncomingText | undefined {
  const updateId = integer(fields(update)?.update_id);
  const message = fields(fields(update)?.message);
  const chat = fields(message?.chat);
  const from = fields(message?.from);
  const chatId = integer(chat?.id);
  const messageId = integer(message?.message_id);
  const userId = integer(from?.id);
  const typed = text(message?.text);
  const chatType = chat?.type;
  if (updateId === undefined || chatId === undefined || messageId === undefined || userId === undefined || typed === undefined) return undefined;
  if (from?.is_bot === true || (chatType !== "private" && chatType !== "group" && chatType !== "supergroup")) return undefined;

  const handle = `@${bot.username}`.toLowerCase();
  const mentions = entitiesOf(message?.entities, typed).filter(
    (e) => (e.type === "mention" && typed.slice(e.offset, e.offset + e.length).toLowerCase() === handle) || (e.type === "text_mention" && integer(fields(e.user)?.id) === bot.id),
  );
  const isCommand = parseCommand(typed, bot.username) !== undefined;
  const addressedCommand = isCommand && /^\/\w+@/u.test(typed.trim());
  const repliesToBot = integer(fields(fields(message?.reply_to_message)?.from)?.id) === bot.id;
  const displayName = [text(from?.first_name), text(from?.last_name)].filter(Boolean).join(" ") || text(from?.username) || String(userId);
  const threadId = message?.is_topic_message === true ? integer(message.message_thread_id) : undefined;
  const username = text(from?.username);
  return {
    updateId, messageId, chatId,
    isGroup: chatType !== "private",
    ...(threadId !== undefined ? { threadId } : {}),
    user: { id: userId, displayName, ...(username ? { username } : {}) },
    text: typed,
    prompt: withoutRanges(typed, mentions),
    mentioned: mentions.length > 0 || addressedCommand || repliesToBot,
    isCommand,
  };
}

interface Entity {
  type: string;
  offset: number;
  length: number;
  user?: unknown;
}

/** The well-formed entities (in bounds of `typed`), in order. */
function entitiesOf(value: unknown, typed: string): Entity[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((raw) => {
    const entity = fields(raw);
    const [offset, length] = [integer(entity?.offset), integer(entity?.length)];
    if (typeof entity?.type !== "string" || offset === undefined || length === undefined) return [];
    if (offset < 0 || length < 1 || offset + length > typed.length) return [];
    return [{ type: entity.type, offset, length, user: entity.user }];
  });
}

/** `typed` without the given ranges, whitespace tidied ("@bot  what's up" → "what's up"). */
function withoutRanges(typed: string, ranges: Entity[]): string {
  let result = typed;
  for (const range of [...ranges].sort((a, b) => b.offset - a.offset)) {
    result = result.slice(0, range.offset) + result.slice(range.offset + range.length);
  }
  return result.replace(/[ \t]{2,}/gu, " ").trim();
}
