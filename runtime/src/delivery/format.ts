// Default rendering for pushes: a result as messages (its text, or a short failure notice), a helper
// that splits text under a platform's length limit, and the attributed echo line of the user's input.
import type { OutboundMessage } from "../channel/push.ts";
import type { ChannelInput } from "../channel/request.ts";
import type { RunResult } from "../target/types.ts";

/** `[result.text]`; a failed run with no text becomes one line saying so. Empty results give `[]`. */
export function defaultFormat(result: RunResult): string[] {
  if (result.text) return [result.text];
  if (result.status === "failed") return [`Sorry, the agent could not answer: ${result.error?.message ?? "it failed"}.`];
  return [];
}

/** Splits text into chunks of at most `limit` characters, preferring paragraph, line, then word breaks. */
export function splitText(text: string, limit: number): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit);
    // A paragraph or line break in the second half of the window, else the last space, else a hard cut.
    const breaks: Array<[number, number]> = [[window.lastIndexOf("\n\n"), limit / 2], [window.lastIndexOf("\n"), limit / 2], [window.lastIndexOf(" "), 0]];
    const cut = breaks.find(([at, after]) => at > after)?.[0] ?? limit;
    chunks.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) chunks.push(rest);
  return chunks;
}

/** The echo as plain text: `You, via telegram: what's the weather?` */
export function echoLine(echo: NonNullable<OutboundMessage["echo"]>): string {
  return `You, via ${echo.from}: ${echo.text}`;
}

/** The user's words in a request input: the text itself, the user messages' text, or structured input as JSON. */
export function inputText(input: ChannelInput): string {
  if (typeof input === "string") return input;
  if (!Array.isArray(input)) return JSON.stringify(input);
  return input
    .filter((message) => message.role === "user")
    .flatMap((message) => message.content.flatMap((part) => (part.type === "text" ? [part.text] : [])))
    .join("\n");
}
