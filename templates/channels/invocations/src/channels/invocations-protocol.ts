// The invocations wire format: one zod schema drives body validation, the TypeScript type and the
// OpenAPI document, plus the helpers that turn a body into a ChannelRequest and a run into JSON.
import type { Context } from "hono";
import { z } from "zod";
import { createChannelRequest, HostError, ValidationError, type ChannelRequest, type ContinuationToken } from "agent-host";

const example = 'Send JSON such as { "message": "Hello" }.';

/** The request body of `POST /invocations` and `POST /invocations/invoke`. Unknown fields are ignored. */
export const invocationBodySchema = z
  .object(
    {
      message: z
        .string({ error: (issue) => (issue.input === undefined ? "is required" : `must be a string, not ${kindOf(issue.input)}`) })
        .min(1, { error: "must not be empty" })
        .describe("What the user says to the agent."),
      stream: z
        .boolean({ error: "must be true or false" })
        .optional()
        .describe("true: answer as Server-Sent Events (`delta` events, then `done` or `error`)."),
      background: z
        .boolean({ error: "must be true or false" })
        .optional()
        .describe(
          "true: answer 202 at once with an `invocation_id` to poll (GET …/{invocation_id}) or cancel " +
            "(POST …/{invocation_id}/cancel). The caller asks for this; it cannot be combined with `stream`.",
        ),
      options: z
        .record(z.string(), z.unknown(), { error: "must be a JSON object" })
        .optional()
        .describe("Caller settings (temperature, …) forwarded to the agent untouched."),
    },
    { error: `must be a JSON object. ${example}` },
  )
  .refine((body) => !(body.stream && body.background), {
    path: ["background"],
    error: "cannot be combined with stream: true. Stream to watch the answer live, or run in the background and poll",
  })
  .describe("An invocation: a message for the agent and how to answer it.");

export type InvocationBody = z.infer<typeof invocationBodySchema>;

/** Turns the parsed JSON body into an InvocationBody; throw to answer 400. Replaceable per channel. */
export type ParseInvocationBody = (body: unknown, c: Context) => InvocationBody | Promise<InvocationBody>;

/** The default body parser: validates against `invocationBodySchema` and names every bad field. */
export const parseInvocationBody: ParseInvocationBody = (body) => {
  const parsed = invocationBodySchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) =>
    issue.path.length > 0 ? `"${issue.path.join(".")}" ${issue.message}` : `The body ${issue.message}`,
  );
  throw new ValidationError(`Invalid invocation body: ${problems.join("; ")}.`);
};

/** Parses JSON text and runs the body parser; `payload` is the raw JSON, handed to run hooks as-is. */
export async function readInvocationBody(
  text: string,
  parse: ParseInvocationBody,
  c: Context,
): Promise<{ payload: unknown; body: InvocationBody }> {
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`The body is not valid JSON (${(error as Error).message}). ${example}`);
  }
  try {
    return { payload, body: await parse(payload, c) };
  } catch (error) {
    if (error instanceof HostError) throw error;
    throw new ValidationError(error instanceof Error ? error.message : `Invalid invocation body. ${example}`);
  }
}

/**
 * Ids this channel takes from the caller: URL-safe characters only, so they can be stored, used in a
 * URL and echoed in a response header as they are. Checked before anything runs.
 */
export const SESSION_ID = /^[\w.~-]{1,256}$/;
export const INVOCATION_ID = /^[\w.~-]{1,128}$/;
const ID_CHARACTERS = "letters, digits, '-', '_', '.' or '~'";

/** The caller's conversation: `?agent_session_id=` (the reference) or the `x-agent-session-id` header. */
export function sessionKeyOf(c: Context): string | undefined {
  const key = c.req.query("agent_session_id") || c.req.header("x-agent-session-id") || undefined;
  if (key !== undefined && !SESSION_ID.test(key)) throw new ValidationError(`agent_session_id must be 1-256 characters: ${ID_CHARACTERS}.`);
  return key;
}

/** The caller's `x-agent-invocation-id`, if any: it names a background invocation and is echoed. */
export function invocationIdOf(c: Context): string | undefined {
  const id = c.req.header("x-agent-invocation-id") || undefined;
  if (id !== undefined && !INVOCATION_ID.test(id)) throw new ValidationError(`x-agent-invocation-id must be 1-128 characters: ${ID_CHARACTERS}.`);
  return id;
}

/** What the channel knows about a call besides its body. */
export interface InvocationCall {
  invocationId: string;
  sessionKey?: string;
  /** Foundry's `x-agent-user-isolation-key` / `x-agent-chat-isolation-key`, for a run hook to trust or not. */
  isolation?: { user?: string; chat?: string };
}

/** The host-neutral request for one invocation. */
export function toChannelRequest(channel: string, body: InvocationBody, call: InvocationCall): ChannelRequest {
  return createChannelRequest({
    channel,
    input: body.message,
    stream: body.stream === true,
    background: body.background === true,
    options: body.options ?? {},
    ...(call.sessionKey ? { session: { key: call.sessionKey } } : {}),
    metadata: { invocationId: call.invocationId },
    attributes: { invocationId: call.invocationId, ...(call.isolation ? { isolation: call.isolation } : {}) },
  });
}

export type InvocationStatus = "running" | "completed" | "failed" | "cancelled";

/** The poll envelope of a long-running invocation: `{ invocation_id, status, response?, error? }`. */
export function invocationStatus(record: ContinuationToken) {
  const status: InvocationStatus = record.status === "queued" ? "running" : record.status;
  return {
    invocation_id: record.token,
    status,
    ...(record.session ? { session_id: record.session.key } : {}),
    ...(status === "completed" ? { response: record.result?.text ?? "" } : {}),
    ...(status === "failed" ? { error: record.error?.message ?? record.result?.error?.message ?? "The invocation failed." } : {}),
  };
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "an array" : `a ${typeof value}`;
}
