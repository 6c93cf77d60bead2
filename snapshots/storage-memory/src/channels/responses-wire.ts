// OpenAI Responses API request side: zod schemas for the create body and queries, input → host
// messages and input items, and errors in OpenAI's `{ error: { message, type, param, code } }` shape.
import { randomUUID } from "node:crypto";
import { HostError, toHostError, type ChatMessage } from "agent-host";
import { z } from "zod";

const ContentPart = z.discriminatedUnion("type", [
  z.object({ type: z.literal("input_text"), text: z.string() }),
  z.object({ type: z.literal("output_text"), text: z.string() }),
]);

const MessageItem = z.object({
  type: z.literal("message").optional(),
  role: z.enum(["user", "assistant", "system", "developer"]),
  content: z.union([z.string(), z.array(ContentPart)]),
});

/**
 * Ids on the wire (response ids, `previous_response_id`, `conversation`): 1-256 URL-safe characters, the
 * kind this channel makes (`resp_…`). Anything else cannot name a stored response or a session.
 */
const WIRE_ID = /^[\w.~-]{1,256}$/;
const ID_RULE = "must be 1-256 characters: letters, digits, '-', '_', '.' or '~'";
const WireId = z.string().regex(WIRE_ID, { error: ID_RULE });

/** `safety_identifier` / `user`: OpenAI's limit of 128 characters; no control characters or broken Unicode. */
const UserId = z
  .string()
  .max(128, { error: "must be at most 128 characters; hash longer user ids (OpenAI's advice)" })
  .regex(/^[^\p{Cc}\p{Cs}]*$/u, { error: "must not contain control characters or lone surrogates" });

/** Whether `id` could name a stored response at all (so nothing else reaches the store). */
export function isWireId(id: string): boolean {
  return WIRE_ID.test(id);
}

const INPUT_HELP =
  "expected a string, or a non-empty array of messages { role: user | assistant | system | developer, " +
  "content: string | [{ type: input_text | output_text, text }] }.";

/** The fields of `POST /v1/responses` this host reads; other fields (tools, top_p, …) are ignored. */
export const CreateResponseBody = z.object({
  input: z.union([z.string(), z.array(MessageItem).min(1)], {
    error: (issue) => (issue.input === undefined ? "missing required parameter." : INPUT_HELP),
  }),
  model: z.string().nullish(),
  instructions: z.string().nullish(),
  previous_response_id: z.string().min(1).nullish(),
  conversation: z.union([WireId, z.object({ id: WireId })]).nullish(),
  stream: z.boolean().nullish(),
  background: z.boolean().nullish(),
  store: z.boolean().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  user: UserId.nullish(),
  safety_identifier: UserId.nullish(),
  temperature: z.number().nullish(),
  /** Trusted-relay envelope (`extra_body.hosting` in the openai client), handed to the run hook. */
  hosting: z.record(z.string(), z.unknown()).nullish(),
});
export type CreateResponseBody = z.infer<typeof CreateResponseBody>;
export type InputMessage = z.infer<typeof MessageItem>;

/** An error the client maps to a typed exception (`BadRequestError`, `NotFoundError`, …). */
export class ResponsesApiError extends Error {
  readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 500 | 503;
  readonly param: string | null;
  readonly code: string | null;
  constructor(status: ResponsesApiError["status"], message: string, options: { param?: string; code?: string } = {}) {
    super(message);
    this.name = "ResponsesApiError";
    this.status = status;
    this.param = options.param ?? null;
    this.code = options.code ?? null;
  }
}

/** Any thrown value as an API error: host rejections keep their status; anything else is a redacted 500. */
export function toApiError(error: unknown): ResponsesApiError {
  if (error instanceof ResponsesApiError) return error;
  const hostError = toHostError(error); // a HostError as it is; an id no store can keep → 400; the rest → 500
  if (error instanceof HostError || hostError.status < 500) {
    return new ResponsesApiError(hostError.status, hostError.message, { code: hostError.code });
  }
  return new ResponsesApiError(500, "The server failed to handle this request. See the host log for details.", { code: "server_error" });
}

/** The error object OpenAI sends: in an HTTP body as `{ error }`, and inside WebSocket `error` events. */
export function errorObject(error: ResponsesApiError) {
  const type = error.status >= 500 ? "server_error" : "invalid_request_error";
  return { message: error.message, type, param: error.param, code: error.code };
}

/** Validates a create body (HTTP or a WebSocket `response.create` frame); throws a 400 naming the field. */
export function parseCreateBody(json: unknown): CreateResponseBody {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new ResponsesApiError(400, "The request body must be a JSON object.", { code: "invalid_request" });
  }
  const body = parseWith(CreateResponseBody, json);
  if (body.previous_response_id && body.conversation) {
    throw new ResponsesApiError(400, "Send either 'previous_response_id' or 'conversation', not both.", {
      param: "previous_response_id",
      code: "invalid_request",
    });
  }
  return body;
}

/** The query of `GET /v1/responses/:id/input_items`, with OpenAI's defaults. */
export const InputItemsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  order: z.enum(["asc", "desc"]).default("desc"),
  after: z.string().optional(),
});

/** The query of `GET /v1/responses/:id`: `stream=true` replays the events after `starting_after`. */
export const RetrieveQuery = z.object({
  stream: z.enum(["true", "false"]).optional(),
  starting_after: z.coerce.number().int().min(0).optional(),
});

/** Parses with a zod schema; the first problem becomes a 400 whose `param` is the field's path. */
export function parseWith<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const param = issue ? formatPath(issue.path) : "";
  throw new ResponsesApiError(400, `'${param}': ${issue?.message ?? "invalid value"}`, { param, code: "invalid_request" });
}

/** `["input", 0, "content"]` → `input[0].content`, the way OpenAI names parameters. */
function formatPath(path: PropertyKey[]): string {
  return path.map((key, index) => (typeof key === "number" ? `[${key}]` : `${index ? "." : ""}${String(key)}`)).join("");
}

function textsOf(message: InputMessage): string[] {
  return typeof message.content === "string" ? [message.content] : message.content.map((part) => part.text);
}

/** The request input as the host takes it: the string as is, messages as ChatMessages. */
export function toChannelInput(input: CreateResponseBody["input"]): string | ChatMessage[] {
  if (typeof input === "string") return input;
  return input.map((message) => ({
    role: message.role === "developer" ? "system" : message.role,
    content: textsOf(message).map((text) => ({ type: "text", text })),
  }));
}

export type InputItem = ReturnType<typeof toInputItems>[number];

/** The input as the `input_items` list shows it: one message item with an id per input message. */
export function toInputItems(input: CreateResponseBody["input"]) {
  const messages: InputMessage[] = typeof input === "string" ? [{ role: "user", content: input }] : input;
  return messages.map((message) => ({
    id: newId("msg"),
    type: "message" as const,
    role: message.role,
    status: "completed" as const,
    content: textsOf(message).map((text) =>
      message.role === "assistant" ? { type: "output_text" as const, text, annotations: [] } : { type: "input_text" as const, text },
    ),
  }));
}

/** `resp_…`, `msg_…`: URL-safe, so a response id can double as a continuation token. */
export function newId(prefix: "resp" | "msg"): string {
  return `${prefix}_${randomUUID().replaceAll("-", "")}`;
}

export function conversationIdOf(body: CreateResponseBody): string | undefined {
  return typeof body.conversation === "string" ? body.conversation : (body.conversation?.id ?? undefined);
}
