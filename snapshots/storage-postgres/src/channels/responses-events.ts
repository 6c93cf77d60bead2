// The Responses streaming event sequence, shared by SSE and WebSocket: created → in_progress → one
// message item with its output_text deltas → completed | failed | incomplete, with rising sequence numbers.
import { setTimeout as sleep } from "node:timers/promises";
import type { ChannelContext, RunUpdate } from "agent-host";
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { currentResponse, FINAL_STATUSES, type StoredResponse } from "./responses-records.ts";
import { pendingView, type OutputMessage, type ResponseObject } from "./responses-object.ts";

/** One streamed event, e.g. `{ type: "response.output_text.delta", sequence_number: 4, delta: "Hi " }`. */
export interface ResponseEvent {
  type: string;
  sequence_number: number;
  [field: string]: unknown;
}

export interface EventSource {
  /** The response before any output: status `in_progress`, or `queued` for a background run. */
  response: ResponseObject;
  messageId: string;
  /** Resolves when the run leaves the queue (background runs); absent = already running. */
  started?: Promise<unknown>;
  updates: AsyncIterable<RunUpdate>;
  /** The final response, saved in the store before it resolves. */
  final: Promise<ResponseObject>;
}

/** The event sequence the openai client's `responses.stream()` accepts, for one text message. */
export async function* responseEvents(source: EventSource): AsyncGenerator<ResponseEvent> {
  let sequence = 0;
  const event = (type: string, fields: Record<string, unknown>): ResponseEvent => ({ type, sequence_number: sequence++, ...fields });
  const { response, messageId } = source;
  const at = { item_id: messageId, output_index: 0, content_index: 0 };
  const message = (status: OutputMessage["status"], text?: string): OutputMessage => ({
    type: "message",
    id: messageId,
    role: "assistant",
    status,
    content: text === undefined ? [] : [{ type: "output_text", text, annotations: [] }],
  });

  yield event("response.created", { response });
  if (response.status === "queued") yield event("response.queued", { response });
  await source.started;
  yield event("response.in_progress", { response: { ...response, status: "in_progress" } });

  let text = "";
  for await (const update of source.updates) {
    // A workflow's input request reads as text too: RunResult.text includes its prompt.
    const delta = update.type === "text-delta" ? update.text : update.type === "input-request" ? update.prompt : "";
    if (!delta) continue;
    if (!text) {
      yield event("response.output_item.added", { output_index: 0, item: message("in_progress") });
      yield event("response.content_part.added", { ...at, part: { type: "output_text", text: "", annotations: [] } });
    }
    text += delta;
    yield event("response.output_text.delta", { ...at, delta, logprobs: [] });
  }

  let final: ResponseObject;
  try {
    final = await source.final;
  } catch {
    // The run or its bookkeeping broke (not the agent reporting a failure): say so, then end the response.
    const error = { code: "server_error", message: "The host failed while finishing this response. See the host log for details." };
    yield event("error", { ...error, param: null });
    final = { ...response, status: "failed", error, output: text ? [message("incomplete", text)] : [], output_text: text };
  }

  if (text) {
    const status = final.status === "completed" ? "completed" : "incomplete";
    yield event("response.output_text.done", { ...at, text, logprobs: [] });
    yield event("response.content_part.done", { ...at, part: { type: "output_text", text, annotations: [] } });
    yield event("response.output_item.done", { output_index: 0, item: message(status, text) });
  }
  // There is no `response.cancelled` event: a cancelled response ends with `response.incomplete`.
  const terminal = final.status === "completed" ? "response.completed" : final.status === "failed" ? "response.failed" : "response.incomplete";
  yield event(terminal, { response: final });
}

const POLL_INTERVAL_MS = 100;

/**
 * Events for a stored response: a finished one is replayed; a background one is followed by polling
 * its continuation until it ends (its text arrives as one delta). `signal` stops the polling only.
 */
export function followResponse(ctx: ChannelContext, record: StoredResponse, signal: AbortSignal): EventSource {
  const waitUntil = async (done: (response: ResponseObject) => boolean): Promise<ResponseObject> => {
    for (;;) {
      const response = await currentResponse(ctx, record);
      if (done(response) || signal.aborted) return response;
      await sleep(POLL_INTERVAL_MS, undefined, { signal }).catch(() => {});
    }
  };
  const started = waitUntil((response) => response.status !== "queued");
  const final = waitUntil((response) => FINAL_STATUSES.has(response.status));
  // responseEvents reports a store failure when it awaits these; a client that left never will.
  started.catch(() => {});
  final.catch(() => {});
  async function* updates(): AsyncGenerator<RunUpdate> {
    const { output_text } = await final;
    if (output_text) yield { type: "text-delta", text: output_text };
  }
  return { response: pendingView(record.response), messageId: record.messageId, started, updates: updates(), final };
}

/**
 * Writes events as SSE frames (`event: <type>` + `data: <json>`). `skipUntil` drops events up to that
 * sequence number (`starting_after`); `onDisconnect` runs when the client goes away.
 */
export function sseResponse(c: Context, events: AsyncIterable<ResponseEvent>, options: { onDisconnect: () => void; skipUntil?: number }) {
  return streamSSE(c, async (sse) => {
    sse.onAbort(options.onDisconnect);
    for await (const event of events) {
      if (sse.aborted) break;
      if (options.skipUntil !== undefined && event.sequence_number <= options.skipUntil) continue;
      await sse.writeSSE({ event: event.type, data: JSON.stringify(event) });
    }
  });
}
