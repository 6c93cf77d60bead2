// The Response object this host returns (create, retrieve, cancel, stream events), built from the
// create body before the run and from the agent's RunResult after it.
import type { RunResult } from "agent-host";
import { conversationIdOf, type CreateResponseBody } from "./responses-wire.ts";

export type ResponseStatus = "queued" | "in_progress" | "completed" | "failed" | "cancelled" | "incomplete";

export interface OutputMessage {
  type: "message";
  id: string;
  role: "assistant";
  status: "in_progress" | "completed" | "incomplete";
  content: Array<{ type: "output_text"; text: string; annotations: [] }>;
}

export interface ResponseObject {
  id: string;
  object: "response";
  created_at: number;
  completed_at: number | null;
  status: ResponseStatus;
  background: boolean;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: string } | null;
  instructions: string | null;
  metadata: Record<string, string>;
  model: string;
  output: OutputMessage[];
  output_text: string;
  parallel_tool_calls: boolean;
  previous_response_id: string | null;
  conversation: { id: string } | null;
  safety_identifier: string | null;
  store: boolean;
  temperature: number | null;
  tool_choice: "auto";
  tools: [];
  top_p: number | null;
  usage: ResponseUsage | null;
  user?: string;
}

export interface ResponseUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/** A response that has not produced output yet (`in_progress`, or `queued` in the background). */
export function pendingResponse(id: string, body: CreateResponseBody, defaultModel: string): ResponseObject {
  const conversationId = conversationIdOf(body);
  return {
    id,
    object: "response",
    created_at: Math.floor(Date.now() / 1000),
    completed_at: null,
    status: body.background ? "queued" : "in_progress",
    background: body.background ?? false,
    error: null,
    incomplete_details: null,
    instructions: body.instructions ?? null,
    metadata: body.metadata ?? {},
    model: body.model ?? defaultModel,
    output: [],
    output_text: "",
    parallel_tool_calls: false,
    previous_response_id: body.previous_response_id ?? null,
    conversation: conversationId ? { id: conversationId } : null,
    safety_identifier: body.safety_identifier ?? null,
    store: body.store ?? true,
    temperature: body.temperature ?? null,
    tool_choice: "auto",
    tools: [],
    top_p: null,
    usage: null,
    ...(body.user ? { user: body.user } : {}),
  };
}

/** A stored response as it looked before it ran: the first event of a replayed stream. */
export function pendingView(response: ResponseObject): ResponseObject {
  const status = response.background ? "queued" : "in_progress";
  return { ...response, status, completed_at: null, error: null, incomplete_details: null, output: [], output_text: "", usage: null };
}

/** The response once its run ended. `input_required` counts as completed: its text is the question. */
export function finishedResponse(response: ResponseObject, messageId: string, result: RunResult): ResponseObject {
  const status: ResponseStatus = result.status === "failed" ? "failed" : result.status === "cancelled" ? "cancelled" : "completed";
  const itemStatus = status === "completed" ? "completed" : "incomplete";
  const output: OutputMessage[] = result.text
    ? [{ type: "message", id: messageId, role: "assistant", status: itemStatus, content: [{ type: "output_text", text: result.text, annotations: [] }] }]
    : [];
  return {
    ...response,
    status,
    completed_at: Math.floor(Date.now() / 1000),
    error: status === "failed" ? (result.error ?? { code: "server_error", message: "The agent failed without saying why." }) : null,
    output,
    output_text: result.text,
    usage: result.usage ? toUsage(result.usage) : null,
  };
}

function toUsage(usage: NonNullable<RunResult["usage"]>): ResponseUsage {
  const input = usage.inputTokens ?? 0;
  const output = usage.outputTokens ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: usage.totalTokens ?? input + output,
  };
}
