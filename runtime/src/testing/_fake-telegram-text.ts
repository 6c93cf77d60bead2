// The rules the fake Bot API enforces on message text, like Telegram: 1-4096 characters after parsing,
// parse_mode MarkdownV2/Markdown/HTML parsed strictly, explicit `entities` in bounds and properly nested.
import { parseHtml } from "./_fake-telegram-html.ts";
import { parseLegacyMarkdown, parseMarkdownV2, type ParsedText } from "./_fake-telegram-markdown.ts";
import type { TelegramEntity } from "./_fake-telegram-types.ts";

/** Telegram's limit for a text message, in UTF-16 code units after entity parsing. */
export const TELEGRAM_TEXT_LIMIT = 4096;

const ENTITY_TYPES = new Set([
  "mention", "hashtag", "cashtag", "bot_command", "url", "email", "phone_number", "bold", "italic", "underline",
  "strikethrough", "spoiler", "blockquote", "expandable_blockquote", "code", "pre", "text_link", "text_mention", "custom_emoji", "date_time",
]);
/** May contain, and be part of, any other entity except code and pre. */
const STYLES = new Set(["bold", "italic", "underline", "strikethrough", "spoiler"]);
const QUOTES = new Set(["blockquote", "expandable_blockquote"]);
const CODE = new Set(["code", "pre"]);

/**
 * Checks what `sendMessage`/`editMessageText` would show for `text` with `parse_mode` or `entities`:
 * the visible text and its entities, or the Bot API's 400 description (e.g. "Bad Request: can't parse
 * entities: Character '.' is reserved and must be escaped with the preceding '\'").
 */
export function checkTelegramText(params: { text?: unknown; parse_mode?: unknown; entities?: unknown }): ParsedText {
  const { text, parse_mode: parseMode, entities } = params;
  if (typeof text !== "string" || text.trim() === "") return { error: "Bad Request: message text is empty" };
  if (parseMode !== undefined && entities !== undefined) return { error: "Bad Request: send either parse_mode or entities, not both (the fake is stricter than Telegram here)" };
  let parsed: ParsedText;
  if (parseMode === undefined || parseMode === "") parsed = { text, entities: [] };
  else if (parseMode === "MarkdownV2") parsed = parseMarkdownV2(text);
  else if (parseMode === "Markdown") parsed = parseLegacyMarkdown(text);
  else if (parseMode === "HTML") parsed = parseHtml(text);
  else return { error: `Bad Request: unsupported parse_mode "${String(parseMode)}"` };
  if ("error" in parsed) return parsed;
  if (entities !== undefined) {
    const problem = entityProblem(parsed.text, entities);
    if (problem) return { error: `Bad Request: can't parse entities: ${problem}` };
    parsed = { text: parsed.text, entities: entities as TelegramEntity[] };
  }
  if (parsed.text.trim() === "") return { error: "Bad Request: text must be non-empty" };
  if (parsed.text.length > TELEGRAM_TEXT_LIMIT) return { error: "Bad Request: message is too long" };
  return parsed;
}

/** Why `entities` is not a valid entity list for `text`, or undefined. */
function entityProblem(text: string, entities: unknown): string | undefined {
  if (!Array.isArray(entities)) return "entities must be an array";
  for (const [index, entity] of entities.entries()) {
    if (typeof entity !== "object" || entity === null) return `entity ${index} is not an object`;
    const { type, offset, length, url, user } = entity as Record<string, unknown>;
    if (typeof type !== "string" || !ENTITY_TYPES.has(type)) return `entity ${index} has unknown type ${JSON.stringify(type)}`;
    if (!Number.isInteger(offset) || !Number.isInteger(length) || (offset as number) < 0 || (length as number) < 1) {
      return `entity ${index} needs an integer offset ≥ 0 and length ≥ 1`;
    }
    if ((offset as number) + (length as number) > text.length) return `entity ${index} ends at ${(offset as number) + (length as number)}, after the text's ${text.length} UTF-16 code units`;
    if (type === "text_link" && (typeof url !== "string" || !/^(https?|tg):\/\/\S+$/u.test(url))) return `entity ${index}: text_link needs an http(s) or tg:// url`;
    if (type === "text_mention" && typeof (user as { id?: unknown } | undefined)?.id !== "number") return `entity ${index}: text_mention needs a user`;
  }
  const list = entities as TelegramEntity[];
  for (const [i, a] of list.entries()) {
    for (const b of list.slice(i + 1)) {
      const problem = nestingProblem(a, b);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** Telegram's nesting rules for two entities that share characters. */
function nestingProblem(a: TelegramEntity, b: TelegramEntity): string | undefined {
  const [aEnd, bEnd] = [a.offset + a.length, b.offset + b.length];
  if (aEnd <= b.offset || bEnd <= a.offset) return undefined;
  const aContainsB = a.offset <= b.offset && bEnd <= aEnd;
  const bContainsA = b.offset <= a.offset && aEnd <= bEnd;
  if (!aContainsB && !bContainsA) return `${a.type} and ${b.type} entities overlap without one containing the other`;
  if ((STYLES.has(a.type) && CODE.has(b.type)) || (STYLES.has(b.type) && CODE.has(a.type))) return `${a.type} and ${b.type} entities can't be nested`;
  if (QUOTES.has(a.type) && QUOTES.has(b.type)) return "blockquote entities can't be nested";
  if (STYLES.has(a.type) || STYLES.has(b.type) || QUOTES.has(a.type) || QUOTES.has(b.type)) return undefined;
  return `${a.type} and ${b.type} entities can't contain each other`;
}
