// The `invocations` channel: Azure AI Foundry's hosted-agent protocol in the shape of Microsoft Agent
// Framework's InvocationsHostServer — POST a message; get JSON, Server-Sent Events or a pollable run.
import { randomUUID } from "node:crypto";
import { Hono, type Context } from "hono";
import { streamSSE } from "hono/streaming";
import {
  bearerAuth,
  HostError,
  NotFoundError,
  VersionConflictError,
  toHostError,
  type Channel,
  type ChannelContext,
  type ChannelRequest,
  type ContinuationToken,
  type RunHook,
} from "agent-host";
import { invocationsOpenApi } from "./invocations-openapi.ts";
import {
  INVOCATION_ID,
  invocationIdOf,
  invocationStatus,
  parseInvocationBody,
  readInvocationBody,
  SESSION_ID,
  sessionKeyOf,
  toChannelRequest,
  type InvocationCall,
  type ParseInvocationBody,
} from "./invocations-protocol.ts";
import { invocationsWebSocket } from "./invocations-ws.ts";

// For custom parsers: wrap or extend the default one.
export { invocationBodySchema, parseInvocationBody, type InvocationBody, type ParseInvocationBody } from "./invocations-protocol.ts";

export interface InvocationsChannelOptions {
  /** Channel name in requests, history and logs. Default "invocations". */
  name?: string;
  /** Mount root. Default "/invocations"; the WebSocket route sits beside it at `<path>_ws`. */
  path?: string;
  /** Bearer key for every route but the OpenAPI document. Default `AGENT_HOST_API_KEY`; unset = open. */
  apiKey?: string;
  /** Rewrites or rejects the request before the agent runs (a thrown error answers 422). */
  runHook?: RunHook;
  /** Replaces the body parser (the reference's `parse_request` hook). Throw to answer 400. */
  parseRequest?: ParseInvocationBody;
}

export function invocationsChannel(options: InvocationsChannelOptions = {}): Channel {
  const name = options.name ?? "invocations";
  const root = mountRoot(options.path ?? "/invocations");
  const apiKey = options.apiKey ?? process.env.AGENT_HOST_API_KEY;
  const parse = options.parseRequest ?? parseInvocationBody;
  return {
    name,
    // The WebSocket route `/invocations_ws` sits beside the mount root, not below it, so this channel
    // mounts at the host root and registers its full paths itself (all of them start with `root`).
    path: "/",
    runHook: options.runHook,
    // The wire names the conversation; a request without one starts a fresh thread.
    sessions: "caller-supplied",
    contribute(ctx) {
      const app = new Hono();
      const auth = bearerAuth({ token: apiKey, onUnauthorized: (c, message) => c.json({ error: message }, 401) });
      const openApi = invocationsOpenApi({ root, title: ctx.target.name, description: ctx.target.description, secured: Boolean(apiKey) });
      const invoke = (c: Context) => handleInvoke(c, ctx, name, parse);

      app.onError((error, c) => renderError(c, error, ctx));
      // Public on purpose: it describes the body and the bearer scheme, and holds no data.
      app.get(`${root}/docs/openapi.json`, (c) => c.json(openApi));
      app.post(`${root}/invoke`, auth, invoke);
      app.post(root, auth, invoke);
      app.get(`${root}/:token`, auth, async (c) => c.json(invocationStatus(await findInvocation(ctx, name, c.req.param("token")))));
      app.post(`${root}/:token/cancel`, auth, async (c) => {
        const found = await findInvocation(ctx, name, c.req.param("token"));
        const record = (await ctx.cancelContinuation(found.token)) ?? found;
        return c.json(invocationStatus(record));
      });
      app.get(`${root}_ws`, auth, invocationsWebSocket(ctx, { name, parse }));
      return { routes: app };
    },
  };
}

/** `POST <root>` and `POST <root>/invoke`: validate, then answer as JSON, SSE or a background run. */
async function handleInvoke(c: Context, ctx: ChannelContext, name: string, parse: ParseInvocationBody): Promise<Response> {
  const { payload, body } = await readInvocationBody(await c.req.text(), parse, c);
  const call = invocationCall(c);
  const request = toChannelRequest(name, body, call);
  c.header("x-agent-invocation-id", call.invocationId);
  if (body.background) return startInBackground(c, ctx, request, payload, call);
  if (body.stream) return streamInvocation(c, ctx, request, payload, call);

  const outcome = await ctx.run(request, { protocolRequest: payload, signal: c.req.raw.signal, token: call.invocationId }).catch(idTaken(call));
  if (outcome.continuation) return accepted(c, outcome.continuation);
  echoSession(c, outcome.session?.key);
  if (outcome.result.status === "failed") {
    return c.json({ error: `The agent failed: ${outcome.result.error?.message ?? "no details"}` }, 500);
  }
  return c.json({ response: outcome.result.text });
}

/** `stream: true`: `delta` events with text, then `done` (or `error`); a disconnect aborts the run. */
async function streamInvocation(c: Context, ctx: ChannelContext, request: ChannelRequest, payload: unknown, call: InvocationCall): Promise<Response> {
  const disconnected = new AbortController();
  const signal = AbortSignal.any([c.req.raw.signal, disconnected.signal]);
  // Started before the stream opens, so a 403/409/422 from the host is still a plain JSON answer.
  const run = await ctx.stream(request, { protocolRequest: payload, signal, token: call.invocationId }).catch(idTaken(call));
  if (run.continuation) return accepted(c, run.continuation);
  echoSession(c, run.session?.key);
  const event = (name: string, data: unknown) => ({ event: name, data: JSON.stringify(data) });
  return streamSSE(
    c,
    async (sse) => {
      sse.onAbort(() => disconnected.abort());
      for await (const update of run.updates) {
        if (update.type === "text-delta") await sse.writeSSE(event("delta", { text: update.text }));
      }
      const result = await run.result;
      if (result.status === "failed") await sse.writeSSE(event("error", { message: result.error?.message ?? "The agent failed." }));
      else if (result.status !== "cancelled") await sse.writeSSE(event("done", { session_id: run.session?.key ?? null }));
    },
    async (error, sse) => {
      ctx.log.error("invocations stream failed", { error: String(error) });
      await sse.writeSSE(event("error", { message: "The invocation failed on the server. See the server log." }));
    },
  );
}

/** `background: true`: 202 with the invocation id at once; the id is the continuation token. */
async function startInBackground(c: Context, ctx: ChannelContext, request: ChannelRequest, payload: unknown, call: InvocationCall) {
  if (await ctx.getContinuation(call.invocationId)) throw invocationIdTaken(call.invocationId);
  const record = await ctx.runInBackground(request, { protocolRequest: payload, token: call.invocationId }).catch(idTaken(call));
  return accepted(c, record);
}

/** 202 with the invocation to poll: `background: true`, or a run hook sent the result elsewhere (response target). */
function accepted(c: Context, record: ContinuationToken): Response {
  echoSession(c, record.session?.key);
  return c.json(invocationStatus(record), 202);
}

/** `x-agent-session-id` on the answer; a key a run hook made up that is not a valid session id stays out of headers. */
function echoSession(c: Context, key: string | undefined): void {
  if (key !== undefined && SESSION_ID.test(key)) c.header("x-agent-session-id", key);
}

const idTaken = (call: InvocationCall) => (error: unknown): never => {
  throw error instanceof VersionConflictError ? invocationIdTaken(call.invocationId) : error;
};

/** A continuation of this channel, or 404 (tokens of other channels are not ours to show; malformed ones cannot exist). */
async function findInvocation(ctx: ChannelContext, name: string, token: string) {
  const record = INVOCATION_ID.test(token) ? await ctx.getContinuation(token) : undefined;
  if (!record || record.channel !== name) {
    const shown = token.length > 64 ? `${token.slice(0, 64)}…` : token;
    throw new NotFoundError(`No invocation "${shown}". Use the invocation_id a background POST returned; finished ones are kept for 24 hours.`);
  }
  return record;
}

/** Invocation id (echoed or generated), caller session and Foundry isolation headers; a malformed id → 400. */
function invocationCall(c: Context): InvocationCall {
  const sessionKey = sessionKeyOf(c);
  const user = c.req.header("x-agent-user-isolation-key");
  const chat = c.req.header("x-agent-chat-isolation-key");
  return {
    invocationId: invocationIdOf(c) ?? randomUUID(),
    ...(sessionKey ? { sessionKey } : {}),
    ...(user || chat ? { isolation: { ...(user ? { user } : {}), ...(chat ? { chat } : {}) } } : {}),
  };
}

function invocationIdTaken(id: string): HostError {
  return new HostError(409, "invocation_exists", `Invocation id "${id}" is already in use. Send a new x-agent-invocation-id, or none.`);
}

/** Every error in this protocol's shape `{ "error": "…" }`; unexpected ones are logged and redacted. */
function renderError(c: Context, error: unknown, ctx: ChannelContext): Response {
  const hostError = toHostError(error);
  if (hostError.status >= 500) ctx.log.error("invocations request failed", { path: c.req.path, error: String(error) });
  const invocationId = c.req.header("x-agent-invocation-id");
  if (invocationId && INVOCATION_ID.test(invocationId)) c.header("x-agent-invocation-id", invocationId);
  return c.json({ error: hostError.message }, hostError.status);
}

function mountRoot(path: string): string {
  const root = `/${path.trim().replace(/^\/+|\/+$/g, "")}`;
  if (root === "/") throw new Error('invocationsChannel: `path` must name a mount root such as "/invocations", not "/".');
  return root;
}
