// The fake Bot API's parse_mode "HTML" parser: Telegram's small tag set to plain text + entities, and
// the errors Telegram answers for unknown tags, bare '<' and unclosed or mismatched tags.
import type { ParsedText } from "./_fake-telegram-markdown.ts";
import type { TelegramEntity } from "./_fake-telegram-types.ts";

const TAGS: Record<string, string> = {
  b: "bold", strong: "bold", i: "italic", em: "italic", u: "underline", ins: "underline",
  s: "strikethrough", strike: "strikethrough", del: "strikethrough", "tg-spoiler": "spoiler", span: "spoiler",
  a: "text_link", code: "code", pre: "pre", blockquote: "blockquote", "tg-emoji": "custom_emoji",
};
const TAG = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*>/u;
const ATTRIBUTE = /([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/gu;
const ENTITY = /^&(lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});/u;
const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

interface OpenTag {
  name: string;
  entity: TelegramEntity;
}

const fail = (message: string): ParsedText => ({ error: `Bad Request: can't parse entities: ${message}` });

/** Parses `parse_mode: "HTML"` text (https://core.telegram.org/bots/api#html-style). */
export function parseHtml(source: string): ParsedText {
  let text = "";
  const entities: TelegramEntity[] = [];
  const stack: OpenTag[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    const at = () => Buffer.byteLength(source.slice(0, i));
    if (ch === "&") {
      const match = ENTITY.exec(source.slice(i, i + 12));
      if (match) {
        text += decodeEntity(match[1] as string);
        i += match[0].length;
        continue;
      }
    }
    if (ch !== "<") {
      text += ch;
      i++;
      continue;
    }
    const tag = TAG.exec(source.slice(i));
    if (!tag) return fail(`Unsupported start tag at byte offset ${at()}`);
    const [whole, slash, rawName = "", rawAttributes = ""] = tag;
    const name = rawName.toLowerCase();
    if (slash) {
      const open = stack.pop();
      if (!open || open.name !== name) return fail(`Unmatched end tag at byte offset ${at()}, expected "</${open?.name ?? ""}>", found "</${name}>"`);
      open.entity.length = text.length - open.entity.offset;
      if (open.entity.length > 0) entities.push(open.entity);
    } else {
      const type = TAGS[name];
      const attributes = readAttributes(rawAttributes);
      if (!type || (name === "span" && attributes.class !== "tg-spoiler")) return fail(`Unsupported start tag "${name}" at byte offset ${at()}`);
      if (name === "a" && !attributes.href) return fail(`Can't find href in <a> tag at byte offset ${at()}`);
      const entity: TelegramEntity = { type, offset: text.length, length: 0 };
      if (name === "a") entity.url = attributes.href;
      if (name === "blockquote" && "expandable" in attributes) entity.type = "expandable_blockquote";
      if (name === "tg-emoji") entity.custom_emoji_id = attributes["emoji-id"] ?? "";
      const parent = stack.at(-1);
      // <pre><code class="language-ts"> sets the pre block's language instead of adding a code entity.
      if (name === "code" && parent?.name === "pre" && attributes.class?.startsWith("language-")) {
        parent.entity.language = attributes.class.slice("language-".length);
        entity.type = "pre-language";
      }
      stack.push({ name, entity });
    }
    i += whole.length;
  }
  const open = stack.at(-1);
  if (open) return fail(`Can't find end tag corresponding to start tag "${open.name}"`);
  return { text, entities: entities.filter((e) => e.type !== "pre-language").sort((a, b) => a.offset - b.offset || b.length - a.length) };
}

function readAttributes(raw: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of raw.matchAll(ATTRIBUTE)) {
    const value = match[2] ?? match[3] ?? match[4] ?? "";
    attributes[(match[1] as string).toLowerCase()] = value.replace(/&(lt|gt|amp|quot);/gu, (_m, name: string) => NAMED[name] as string);
  }
  return attributes;
}

function decodeEntity(name: string): string {
  if (NAMED[name]) return NAMED[name];
  const code = name.startsWith("#x") ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
}
