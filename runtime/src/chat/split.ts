// Cuts a long reply into platform-sized messages (Telegram 4096, Discord 2000, WhatsApp 4096): at a
// paragraph, line or word break when one is near, never inside a surrogate pair, fences kept balanced.

const FENCE = "```";

/**
 * Splits `text` into chunks of at most `limit` UTF-16 code units (what Telegram and Discord count).
 * Prefers a blank line, then a line break, then a space in the last third of the window; a code fence
 * cut in two is closed at the end of one chunk and reopened (with its language) in the next.
 * Whitespace at a cut is dropped; text without any is cut hard. `limit` must be at least 16.
 */
export function splitMessage(text: string, limit: number): string[] {
  if (!Number.isInteger(limit) || limit < 16) throw new RangeError(`splitMessage: limit must be an integer ≥ 16, got ${limit}.`);
  const chunks: string[] = [];
  let rest = text;
  let reopen = ""; // the fence opener to repeat at the start of the next chunk
  while (rest.length > 0) {
    const body = reopen + rest;
    if (body.length <= limit) {
      chunks.push(body);
      break;
    }
    // Leave room to close a fence left open by the cut ("\n```").
    const window = limit - FENCE.length - 1;
    let cut = breakPoint(body, window, reopen.length);
    let chunk = body.slice(0, cut).replace(/\s+$/u, "");
    if (chunk.length === 0) chunk = body.slice(0, (cut = hardCut(body, window)));
    const open = openFence(chunk);
    chunks.push(open === undefined ? chunk : `${chunk}\n${FENCE}`);
    reopen = open === undefined ? "" : `${open}\n`;
    rest = body.slice(cut).replace(/^\s+/u, "");
  }
  return chunks.filter((chunk) => chunk.trim().length > 0);
}

/** The best cut at or before `window`: blank line, line break, then space, within the last third. */
function breakPoint(text: string, window: number, floor: number): number {
  const min = Math.max(floor + 1, Math.floor(window * 0.66));
  for (const separator of ["\n\n", "\n", " "]) {
    const at = text.lastIndexOf(separator, window - separator.length);
    if (at >= min) return at + separator.length;
  }
  return hardCut(text, window);
}

/** `window`, moved back by one when it would split a surrogate pair. */
function hardCut(text: string, window: number): number {
  const code = text.charCodeAt(window - 1);
  return code >= 0xd800 && code <= 0xdbff ? window - 1 : window;
}

/** The opening line of a fence left open in `chunk` (e.g. "```ts"), or undefined when all are closed. */
function openFence(chunk: string): string | undefined {
  let open: string | undefined;
  for (const line of chunk.split("\n")) {
    const trimmed = line.trimStart();
    if (!trimmed.startsWith(FENCE)) continue;
    open = open === undefined ? trimmed : undefined;
  }
  return open;
}
