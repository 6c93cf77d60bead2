// Stored responses: one record per response id in the host store (namespace "responses"), with the
// session it ran in and its input items. A background response takes its status from its continuation.
import type { ChannelContext, HostStateStore, RunResult } from "agent-host";
import { finishedResponse, type ResponseObject, type ResponseStatus } from "./responses-object.ts";
import { isWireId, ResponsesApiError, type InputItem } from "./responses-wire.ts";

export const RESPONSES_NAMESPACE = "responses";
/** OpenAI keeps stored responses for 30 days; so does this channel. */
const RESPONSE_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export const FINAL_STATUSES: ReadonlySet<ResponseStatus> = new Set(["completed", "failed", "cancelled", "incomplete"]);

export interface StoredResponse {
  /** The latest known state (for a background response: as of the last read). */
  response: ResponseObject;
  /** The output message id, fixed at create time so a stream and a later retrieve agree. */
  messageId: string;
  /** The host session the run used; `previous_response_id` continues it. */
  sessionKey?: string;
  inputItems: InputItem[];
}

export async function saveResponse(store: HostStateStore, record: StoredResponse): Promise<void> {
  await store.set(RESPONSES_NAMESPACE, record.response.id, record, { ttlMs: RESPONSE_TTL_MS });
}

/** The stored record, or a 404 naming the parameter that carried the id (an id of the wrong shape never reaches the store). */
export async function loadResponse(store: HostStateStore, id: string, param = "response_id"): Promise<StoredResponse> {
  const record = isWireId(id) ? await store.get<StoredResponse>(RESPONSES_NAMESPACE, id) : undefined;
  if (!record) {
    const what = param === "previous_response_id" ? "Previous response" : "Response";
    const shown = id.length > 64 ? `${id.slice(0, 64)}…` : id;
    throw new ResponsesApiError(404, `${what} with id '${shown}' not found.`, { param, code: "not_found" });
  }
  return record.value;
}

export async function deleteResponse(store: HostStateStore, id: string): Promise<void> {
  await store.delete(RESPONSES_NAMESPACE, id);
}

/** The response as of now. A background one follows its continuation and is saved once it is final. */
export async function currentResponse(ctx: ChannelContext, record: StoredResponse): Promise<ResponseObject> {
  const stored = record.response;
  if (!stored.background || FINAL_STATUSES.has(stored.status)) return stored;
  const continuation = await ctx.getContinuation(stored.id);
  if (!continuation) {
    const error = { code: "run_expired", message: "The background run's record is gone (expired or lost), so its result is unavailable." };
    return { ...stored, status: "failed", error };
  }
  if (continuation.status === "queued") return { ...stored, status: "queued" };
  if (continuation.status === "running") return { ...stored, status: "in_progress" };

  const result: RunResult = continuation.result ?? { status: continuation.status, parts: [], text: "", ...(continuation.error ? { error: continuation.error } : {}) };
  // The continuation's status wins: a cancel that raced a finishing run still reads as cancelled.
  const response = finishedResponse(stored, record.messageId, { ...result, status: continuation.status });
  await saveResponse(ctx.store, { ...record, response });
  return response;
}
