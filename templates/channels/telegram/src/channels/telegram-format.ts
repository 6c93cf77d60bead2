// Renders the agent's Markdown as Telegram message entities (bold, italic, strikethrough, code, code
// blocks, links) instead of parse_mode: replies look formatted, and no `*`, `_` or `[` can make the Bot API refuse them.
import type { MessageEntity } from "grammy/types";

export interface TelegramText {
  text: string;
  entities: MessageEntity[];
}

type Style = { type: "bold" | "italic" | "strikethrough" | "code" } | { type: "pre"; language?: string } | { type: "text_link"; url: string };

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w#+.-]*)/u;
const HEADING = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/u;
const LINK = /^\[([^\]\n]+)\]\(((?:https?|tg):\/\/[^\s()]+)\)/u;
const ESCAPABLE = /^[\\`*_~[\]()#+\-.!>|{}]$/u;
const DELIMITERS: Array<[string, "bold" | "italic" | "strikethrough"]> = [["**", "bold"], ["__", "bold"], ["~~", "strikethrough"], ["*", "italic"], ["_", "italic"]];
/** Styles may wrap any entity except code and pre (Telegram's nesting rule). */
const STYLES = new Set(["bold", "italic", "strikethrough"]);
const WORD = /[\p{L}\p{N}]/u;

/** Markdown → text + entities. Never throws; what it does not understand stays as typed. */
export function renderMarkdown(markdown: string): TelegramText {
  const out = new TextBuilder();
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (i > 0) out.add("\n");
    const line = lines[i] as string;
    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1] as string;
      let end = i + 1;
      while (end < lines.length && !isClosingFence(lines[end] as string, marker)) end++;
      const language = fence[2];
      out.wrap(language ? { type: "pre", language } : { type: "pre" }, () => out.add(lines.slice(i + 1, end).join("\n")));
      i = end; // the closing fence line (or the end) is consumed
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) out.wrap({ type: "bold" }, () => inline(out, heading[1] as string, true));
    else inline(out, line, true);
  }
  return out.finish();
}

function isClosingFence(line: string, marker: string): boolean {
  const trimmed = line.trim();
  return trimmed.length >= marker.length && trimmed === (marker[0] as string).repeat(trimmed.length);
}

/** Inline Markdown of one line; `rich` allows code spans and links (not inside link text: Telegram forbids it). */
function inline(out: TextBuilder, source: string, rich: boolean): void {
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    if (ch === "\\" && ESCAPABLE.test(source[i + 1] ?? "")) {
      out.add(source[i + 1] as string);
      i += 2;
      continue;
    }
    if (ch === "`" && rich) {
      const run = /^`+/u.exec(source.slice(i))?.[0] ?? "`";
      const close = source.indexOf(run, i + run.length);
      if (close > i + run.length && source[close + run.length] !== "`") {
        const code = source.slice(i + run.length, close);
        out.wrap({ type: "code" }, () => out.add(/^ .*\S.* $/u.test(code) ? code.slice(1, -1) : code));
        i = close + run.length;
      } else {
        out.add(run);
        i += run.length;
      }
      continue;
    }
    const link = ch === "[" && rich ? LINK.exec(source.slice(i)) : null;
    if (link) {
      out.wrap({ type: "text_link", url: link[2] as string }, () => inline(out, link[1] as string, false));
      i += link[0].length;
      continue;
    }
    const delimiter = DELIMITERS.find(([marker]) => source.startsWith(marker, i));
    if (delimiter) {
      const [marker, type] = delimiter;
      const close = canOpen(source, i, marker) ? findCloser(source, i + marker.length, marker) : -1;
      if (close === -1) out.add(marker);
      else out.wrap({ type }, () => inline(out, source.slice(i + marker.length, close), rich));
      i = close === -1 ? i + marker.length : close + marker.length;
      continue;
    }
    out.add(ch);
    i++;
  }
}

/** An opener is followed by text, and `_`/`*` inside a word (snake_case, 2*3*4) opens nothing. */
function canOpen(source: string, at: number, marker: string): boolean {
  const next = source[at + marker.length];
  if (next === undefined || /\s/u.test(next)) return false;
  const intraword = marker === "_" || marker === "__" || marker === "*";
  return !(intraword && WORD.test(source[at - 1] ?? ""));
}

function findCloser(source: string, from: number, marker: string): number {
  const single = marker.length === 1;
  for (let j = from + 1; j < source.length; j++) {
    if (source[j] === "\\") {
      j++;
      continue;
    }
    if (!source.startsWith(marker, j) || /\s/u.test(source[j - 1] as string)) continue;
    const after = source[j + marker.length] ?? "";
    if (single && (source[j - 1] === marker || after === marker)) continue; // part of a `**` or `__`
    if (marker !== "~~" && marker !== "**" && WORD.test(after)) continue; // `2*3*4`, `snake_case_name`
    return j;
  }
  return -1;
}

class TextBuilder {
  #text = "";
  #entities: Array<{ style: Style; offset: number; length: number }> = [];

  add(text: string): void {
    this.#text += text;
  }

  /** Runs `fill` and gives what it added the style (nothing when it added nothing). */
  wrap(style: Style, fill: () => void): void {
    const offset = this.#text.length;
    fill();
    const length = this.#text.length - offset;
    if (length > 0) this.#entities.push({ style, offset, length });
  }

  /** Trims the text (Telegram trims messages), clips the entities to it, and keeps styles off code. */
  finish(): TelegramText {
    const lead = this.#text.length - this.#text.trimStart().length;
    const text = this.#text.trim();
    const clipped = this.#entities.flatMap(({ style, offset, length }) => {
      const start = Math.max(0, offset - lead);
      const end = Math.min(text.length, offset + length - lead);
      return end > start ? [{ style, start, end }] : [];
    });
    const code = clipped.filter((e) => e.style.type === "code" || e.style.type === "pre");
    const entities = clipped.flatMap(({ style, start, end }) => {
      // Telegram refuses bold/italic around code: cut the style into the pieces between code entities.
      let pieces: Array<[number, number]> = [[start, end]];
      if (STYLES.has(style.type)) for (const c of code) pieces = pieces.flatMap(([a, b]) => cut(a, b, c.start, c.end));
      return pieces.map(([a, b]) => ({ ...style, offset: a, length: b - a }) as MessageEntity);
    });
    return { text, entities: entities.sort((a, b) => a.offset - b.offset || b.length - a.length) };
  }
}

/** [a, b) minus [c, d): zero, one or two ranges. */
function cut(a: number, b: number, c: number, d: number): Array<[number, number]> {
  if (d <= a || c >= b) return [[a, b]];
  return ([[a, c], [d, b]] as Array<[number, number]>).filter(([x, y]) => y > x);
}
