// Folds a stream of RunUpdates into one RunResult: adjacent text deltas merge into one text part,
// tool calls, files and errors keep their order, and `text` is the projection of all text parts.
import type { ContentPart, RunError, RunResult, RunStatus, RunUpdate, Usage } from "./types.ts";

export class RunResultBuilder {
  readonly parts: ContentPart[] = [];
  private value: unknown;
  private hasValue = false;
  private usage: Usage | undefined;
  private error: RunError | undefined;
  private inputRequested = false;

  add(update: RunUpdate): void {
    switch (update.type) {
      case "text-delta":
      case "reasoning-delta": {
        const type = update.type === "text-delta" ? "text" : "reasoning";
        const last = this.parts.at(-1);
        if (last?.type === type) last.text += update.text;
        else this.parts.push({ type, text: update.text });
        return;
      }
      case "tool-call":
        this.parts.push({ type: "tool-call", toolCallId: update.toolCallId, toolName: update.toolName, input: update.input });
        return;
      case "tool-result":
        this.parts.push({
          type: "tool-result",
          toolCallId: update.toolCallId,
          toolName: update.toolName,
          output: update.output,
          ...(update.isError ? { isError: true } : {}),
        });
        return;
      case "file":
        if (update.uri) this.parts.push({ type: "uri", uri: update.uri, mediaType: update.mediaType });
        else this.parts.push({ type: "data", mediaType: update.mediaType, data: update.data ?? "", ...(update.name ? { name: update.name } : {}) });
        return;
      case "input-request":
        this.inputRequested = true;
        this.parts.push({ type: "text", text: update.prompt });
        return;
      case "usage":
        this.usage = { ...this.usage, ...update.usage };
        return;
      case "value":
        this.value = update.value;
        this.hasValue = true;
        return;
      case "error":
        this.error = update.error;
        this.parts.push({ type: "error", code: update.error.code, message: update.error.message });
        return;
      case "step-start":
      case "step-end":
        return;
    }
  }

  /** The final result; `status` overrides what the updates imply (e.g. "cancelled"). */
  finish(status?: RunStatus): RunResult {
    const resolved: RunStatus = status ?? (this.error ? "failed" : this.inputRequested ? "input_required" : "completed");
    const text = this.parts.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("");
    return {
      status: resolved,
      parts: this.parts,
      text,
      ...(this.hasValue ? { value: this.value } : {}),
      ...(this.usage ? { usage: this.usage } : {}),
      ...(this.error ? { error: this.error } : {}),
    };
  }
}

/** Collects a whole stream into a result. */
export async function collectResult(updates: AsyncIterable<RunUpdate>): Promise<RunResult> {
  const builder = new RunResultBuilder();
  for await (const update of updates) builder.add(update);
  return builder.finish();
}
