// Streaming into a chat by editing messages: text deltas accumulate, and at most once per interval
// the visible messages catch up (send the next chunk, edit the ones whose text changed).
import { splitMessage } from "./split.ts";
import type { ChatReplySink } from "./reply.ts";

export class EditedMessages {
  readonly #sink: ChatReplySink & { edit: NonNullable<ChatReplySink["edit"]> };
  readonly #intervalMs: number;
  #text = "";
  #shown: string[] = [];
  #ids: Array<string | undefined> = [];
  #lastFlush = 0;
  #flushing: Promise<void> = Promise.resolve();

  constructor(sink: ChatReplySink & { edit: NonNullable<ChatReplySink["edit"]> }, intervalMs: number) {
    this.#sink = sink;
    this.#intervalMs = intervalMs;
  }

  /** Adds streamed text; flushes when the interval has passed since the last flush (never concurrently). */
  append(delta: string): void {
    this.#text += delta;
    if (Date.now() - this.#lastFlush < this.#intervalMs) return;
    this.#lastFlush = Date.now();
    this.#flushing = this.#flushing.then(() => this.#show(this.#text));
  }

  /** Waits for pending edits, then shows `finalText` exactly; resolves the message ids. */
  async finish(finalText: string): Promise<string[]> {
    await this.#flushing;
    await this.#show(finalText);
    return this.#ids.filter((id): id is string => id !== undefined);
  }

  async #show(text: string): Promise<void> {
    const chunks = splitMessage(text, this.#sink.limit);
    for (const [index, chunk] of chunks.entries()) {
      if (this.#shown[index] === chunk) continue;
      const id = this.#ids[index];
      if (index < this.#ids.length && id !== undefined) await this.#sink.edit(id, chunk);
      else if (index >= this.#ids.length) this.#ids.push(await this.#sink.send(chunk));
      else continue; // sent without an id: it cannot be edited, leave it
      this.#shown[index] = chunk;
    }
  }
}
