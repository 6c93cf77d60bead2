// The fake Bot API's parse_mode "MarkdownV2" and legacy "Markdown" parsers: they turn formatted text
// into plain text + entities, and refuse what Telegram refuses (unescaped reserved characters, unclosed entities).
import type { TelegramEntity } from "./_fake-telegram-types.ts";

export type ParsedText = { text: string; entities: TelegramEntity[] } | { error: string };

const V2_RESERVED = new Set("_*[]()~`>#+-=|{}.!");
const V2_MARKERS: Array<[string, string]> = [["||", "spoiler"], ["__", "underline"], ["*", "bold"], ["_", "italic"], ["~", "strikethrough"]];
const LEGACY_MARKERS: Array<[string, string]> = [["*", "bold"], ["_", "italic"]];

interface Open {
  type: string;
  marker: string;
  /** Where the entity starts in the output text. */
  start: number;
  /** Where the marker is in the source (for error messages). */
  at: number;
}

const byteOffset = (source: string, at: number) => Buffer.byteLength(source.slice(0, at));
const fail = (message: string): ParsedText => ({ error: `Bad Request: can't parse entities: ${message}` });
const NAMES: Record<string, string> = { bold: "Bold", italic: "Italic", underline: "Underline", strikethrough: "Strikethrough", spoiler: "Spoiler", text_link: "TextUrl", code: "Code", pre: "Pre" };

/** Parses `parse_mode: "MarkdownV2"` text (https://core.telegram.org/bots/api#markdownv2-style). */
export function parseMarkdownV2(source: string): ParsedText {
  return parseMarkdown(source, true);
}

/** Parses legacy `parse_mode: "Markdown"`: *bold*, _italic_, `code`, ```pre```, [text](url); no nesting. */
export function parseLegacyMarkdown(source: string): ParsedText {
  return parseMarkdown(source, false);
}

function parseMarkdown(source: string, v2: boolean): ParsedText {
  let text = "";
  const entities: TelegramEntity[] = [];
  const stack: Open[] = [];
  let quoteStart: number | undefined;
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    const lineStart = i === 0 || source[i - 1] === "\n";
    if (ch === "\\" && (v2 || stack.length === 0)) {
      const next = source.charCodeAt(i + 1);
      if (v2 ? next >= 1 && next <= 126 : "_*`[".includes(source[i + 1] ?? "\0")) {
        text += source[i + 1];
        i += 2;
        continue;
      }
    }
    if (ch === "`" && (v2 || stack.length === 0)) {
      const pre = source.startsWith("```", i);
      const body = readCode(source, i + (pre ? 3 : 1), pre ? "```" : "`", v2);
      if (body === undefined) return fail(`Can't find end of ${pre ? "Pre" : "Code"} entity at byte offset ${byteOffset(source, i)}`);
      if ("error" in body) return fail(body.error);
      let content = body.content;
      let language: string | undefined;
      if (pre) {
        const newline = content.indexOf("\n");
        const first = newline === -1 ? "" : content.slice(0, newline);
        if (newline !== -1 && first.length > 0 && !/\s/u.test(first)) [language, content] = [first, content.slice(newline + 1)];
        else if (newline === 0) content = content.slice(1);
      }
      if (content.length > 0) entities.push({ type: pre ? "pre" : "code", offset: text.length, length: content.length, ...(language ? { language } : {}) });
      text += content;
      i = body.end;
      continue;
    }
    if (v2 && ch === ">" && lineStart) {
      quoteStart ??= text.length;
      i++;
      continue;
    }
    if (ch === "[" && (v2 || stack.length === 0)) {
      stack.push({ type: "text_link", marker: "[", start: text.length, at: i });
      i++;
      continue;
    }
    if (ch === "]" && stack.at(-1)?.marker === "[") {
      const open = stack.pop() as Open;
      if (source[i + 1] !== "(") return fail(`Can't find end of TextUrl entity at byte offset ${byteOffset(source, open.at)}`);
      const url = readUntil(source, i + 2, ")", v2);
      if (url === undefined) return fail(`Can't find end of a URL at byte offset ${byteOffset(source, i + 2)}`);
      if (text.length > open.start && url.value.trim()) entities.push({ type: "text_link", offset: open.start, length: text.length - open.start, url: url.value.trim() });
      i = url.end;
      continue;
    }
    const marker = (v2 ? V2_MARKERS : LEGACY_MARKERS).find(([m]) => source.startsWith(m, i));
    if (marker && (v2 || stack.length === 0 || stack.at(-1)?.marker === marker[0])) {
      const [m, type] = marker;
      const top = stack.at(-1);
      if (top?.marker === m) {
        stack.pop();
        if (text.length > top.start) entities.push({ type, offset: top.start, length: text.length - top.start });
      } else if (stack.some((open) => open.marker === m)) {
        const inner = top as Open;
        return fail(`Can't find end of ${NAMES[inner.type] ?? inner.type} entity at byte offset ${byteOffset(source, inner.at)}`);
      } else {
        stack.push({ type, marker: m, start: text.length, at: i });
      }
      i += m.length;
      continue;
    }
    if (v2 && V2_RESERVED.has(ch)) return fail(`Character '${ch}' is reserved and must be escaped with the preceding '\\'`);
    if (ch === "\n" && quoteStart !== undefined && source[i + 1] !== ">") {
      if (text.length > quoteStart) entities.push({ type: "blockquote", offset: quoteStart, length: text.length - quoteStart });
      quoteStart = undefined;
    }
    text += ch;
    i++;
  }
  const open = stack[0];
  if (open) return fail(v2 ? `Can't find end of ${NAMES[open.type] ?? open.type} entity at byte offset ${byteOffset(source, open.at)}` : `Can't find end of the entity starting at byte offset ${byteOffset(source, open.at)}`);
  if (quoteStart !== undefined && text.length > quoteStart) entities.push({ type: "blockquote", offset: quoteStart, length: text.length - quoteStart });
  return { text, entities: entities.sort((a, b) => a.offset - b.offset || b.length - a.length) };
}

/** Reads a code span or pre block up to `close`; in MarkdownV2 '`' and '\' inside must be escaped. */
function readCode(source: string, from: number, close: string, v2: boolean): { content: string; end: number } | { error: string } | undefined {
  let content = "";
  for (let i = from; i < source.length; i++) {
    const ch = source[i] as string;
    if (v2 && ch === "\\" && i + 1 < source.length) {
      content += source[++i];
      continue;
    }
    if (source.startsWith(close, i)) return { content, end: i + close.length };
    if (v2 && ch === "`") return { error: `Character '\`' is reserved and must be escaped with the preceding '\\'` };
    content += ch;
  }
  return undefined;
}

/** Reads a link target up to the unescaped `close`. */
function readUntil(source: string, from: number, close: string, v2: boolean): { value: string; end: number } | undefined {
  let value = "";
  for (let i = from; i < source.length; i++) {
    const ch = source[i] as string;
    if (v2 && ch === "\\" && i + 1 < source.length) {
      value += source[++i];
      continue;
    }
    if (ch === close) return { value, end: i + 1 };
    value += ch;
  }
  return undefined;
}
