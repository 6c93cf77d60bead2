// A2A wire shapes ↔ the host's: a user Message becomes the turn's input, run updates and results become
// A2A parts, and the end of a run becomes a task state (input-required carries the agent's question).
import { randomUUID } from "node:crypto";
import { Role, TaskState, type Message, type Part, type TaskStatus } from "@a2a-js/sdk";
import type { ChannelInput, ContentPart, ContinuationToken, RunResult, RunStatus, RunUpdate } from "agent-host";

/** Text parts → one string; a lone data part → that object (a workflow's typed input); anything else → one chat message. */
export function toChannelInput(message: Message): ChannelInput {
  const parts = message.parts;
  if (parts.length === 0) throw new Error("The message has no parts: send at least one text, data, url or raw part.");
  const texts = parts.flatMap((part) => (part.content?.$case === "text" ? [part.content.value] : []));
  if (texts.length === parts.length) return texts.join("\n");
  const only = parts[0]?.content;
  if (parts.length === 1 && only?.$case === "data" && isRecord(only.value)) return only.value;
  return [{ role: "user", content: parts.map(toContentPart) }];
}

function toContentPart(part: Part): ContentPart {
  const content = part.content;
  switch (content?.$case) {
    case "text":
      return { type: "text", text: content.value };
    case "url":
      return { type: "uri", uri: content.value, ...(part.mediaType ? { mediaType: part.mediaType } : {}), ...(part.filename ? { title: part.filename } : {}) };
    case "raw":
      return { type: "data", mediaType: part.mediaType || "application/octet-stream", data: content.value.toString("base64"), ...(part.filename ? { name: part.filename } : {}) };
    case "data":
      return { type: "text", text: JSON.stringify(content.value) };
    default:
      throw new Error("A message part is empty: give each part one of text, raw, url or data.");
  }
}

/** The A2A part a streamed update adds to the answer (text and files; tool calls and reasoning stay inside). */
export function updatePart(update: RunUpdate): Part | undefined {
  if (update.type === "text-delta") return textPart(update.text);
  if (update.type !== "file") return undefined;
  if (update.uri) return part({ $case: "url", value: update.uri }, update.mediaType, update.name);
  return part({ $case: "raw", value: Buffer.from(update.data ?? "", "base64") }, update.mediaType, update.name);
}

/** A finished result's text and files as A2A parts. */
export function resultParts(result: RunResult): Part[] {
  return result.parts.flatMap((content): Part[] => {
    if (content.type === "text") return [textPart(content.text)];
    if (content.type === "uri") return [part({ $case: "url", value: content.uri }, content.mediaType, content.title)];
    if (content.type === "data") return [part({ $case: "raw", value: Buffer.from(content.data, "base64") }, content.mediaType, content.name)];
    return [];
  });
}

export function textPart(text: string): Part {
  return part({ $case: "text", value: text }, "text/plain");
}

function part(content: Part["content"], mediaType = "", filename = ""): Part {
  return { content, metadata: undefined, filename, mediaType };
}

const STATES: Record<RunStatus, TaskState> = {
  completed: TaskState.TASK_STATE_COMPLETED,
  failed: TaskState.TASK_STATE_FAILED,
  cancelled: TaskState.TASK_STATE_CANCELED,
  input_required: TaskState.TASK_STATE_INPUT_REQUIRED,
};

/** How a task ends: its state, the agent's message (a question, an error) and the answer's parts. */
export interface TaskEnd {
  state: TaskState;
  message?: string;
  parts: Part[];
  /**
   * Fixed ids for the answer artifact and the message (a background run's token), so the follower and a
   * read that settles the task from the run's record write the same artifact rather than two.
   */
  id?: string;
}

/**
 * The end of a streamed run. Input-required is the host's own signal: the target yielded an
 * `input-request` update (RunResult status `input_required`); its prompt becomes the status message.
 */
export function streamEnd(result: RunResult, prompts: string[]): TaskEnd {
  const message = result.status === "input_required" ? prompts.join("\n") : result.status === "failed" ? failureOf(result) : undefined;
  return { state: STATES[result.status], parts: [], ...(message ? { message } : {}) };
}

/** The end of a background run, from its continuation record (the whole answer arrives at once). */
export function continuationEnd(continuation: ContinuationToken): TaskEnd {
  const result = continuation.result;
  // Called once the continuation is final: completed (the result tells how), failed or cancelled.
  const status: RunStatus = continuation.status === "completed" ? (result?.status ?? "completed") : continuation.status === "cancelled" ? "cancelled" : "failed";
  const id = continuation.token;
  if (status === "input_required") return { state: STATES[status], message: result?.text ?? "", parts: [], id };
  const message = status === "failed" ? (continuation.error?.message ?? (result ? failureOf(result) : "The run failed.")) : undefined;
  return { state: STATES[status], parts: result ? resultParts(result) : [], id, ...(message ? { message } : {}) };
}

function failureOf(result: RunResult): string {
  return result.error?.message ?? "The agent failed to answer.";
}

export function taskStatus(state: TaskState, message?: Message): TaskStatus {
  return { state, message, timestamp: new Date().toISOString() };
}

export function agentMessage(taskId: string, contextId: string, text: string, messageId: string = randomUUID()): Message {
  return { messageId, contextId, taskId, role: Role.ROLE_AGENT, parts: [textPart(text)], metadata: undefined, extensions: [], referenceTaskIds: [] };
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
