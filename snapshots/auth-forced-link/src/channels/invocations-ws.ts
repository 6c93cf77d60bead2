// The invocations WebSocket (`<root>_ws`): `{ "message": "…" }` text frames in; `delta`, `done` and
// `error` frames out. One conversation per connection; close 1000 is normal, 1011 a handler failure.
import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { WSContext, WSMessageReceive } from "hono/ws";
import { HostError, ValidationError, type ChannelContext } from "agent-host";
import { readInvocationBody, sessionKeyOf, toChannelRequest, type ParseInvocationBody } from "./invocations-protocol.ts";

/** What the server sends: text chunks, then `done` with the session to continue, or `error`. */
export type InvocationFrame =
  | { type: "delta"; text: string }
  | { type: "done"; session_id: string | null }
  /** A run hook sent the result elsewhere (response target): poll `GET <root>/<invocation_id>` for it. */
  | { type: "queued"; invocation_id: string; session_id: string | null }
  | { type: "error"; message: string };

export function invocationsWebSocket(ctx: ChannelContext, options: { name: string; parse: ParseInvocationBody }): MiddlewareHandler {
  const upgrade = ctx.upgradeWebSocket((c) => {
    // `?agent_session_id=` continues a conversation; otherwise the first turn starts one for the connection.
    let sessionKey = sessionKeyOf(c);
    const closed = new AbortController();
    let turns = Promise.resolve(); // one turn at a time, in the order the frames arrived

    const turn = async (data: WSMessageReceive, ws: WSContext) => {
      const send = (frame: InvocationFrame) => {
        if (ws.readyState === 1 /* OPEN */) ws.send(JSON.stringify(frame));
      };
      try {
        if (typeof data !== "string") throw new ValidationError('Send JSON text frames such as { "message": "Hello" }, not binary ones.');
        const { payload, body } = await readInvocationBody(data, options.parse, c);
        if (body.background) throw new ValidationError("background is not available over the WebSocket: POST it to the HTTP route and poll.");
        const call = { invocationId: randomUUID(), ...(sessionKey ? { sessionKey } : {}) };
        const run = await ctx.stream(toChannelRequest(options.name, { ...body, stream: true }, call), {
          protocolRequest: payload,
          signal: closed.signal,
        });
        sessionKey = run.session?.key ?? sessionKey;
        if (run.continuation) return send({ type: "queued", invocation_id: run.continuation.token, session_id: sessionKey ?? null });
        for await (const update of run.updates) {
          if (update.type === "text-delta") send({ type: "delta", text: update.text });
        }
        const result = await run.result;
        if (result.status === "failed") send({ type: "error", message: result.error?.message ?? "The agent failed." });
        else if (result.status !== "cancelled") send({ type: "done", session_id: sessionKey ?? null });
      } catch (error) {
        // A refused frame (bad JSON, run hook said no) leaves the connection usable.
        if (error instanceof HostError && error.status < 500) return send({ type: "error", message: error.message });
        ctx.log.error("invocations websocket turn failed", { error: String(error) });
        send({ type: "error", message: "The invocation failed on the server. See the server log." });
        ws.close(1011, "handler error");
      }
    };

    return {
      onMessage: (event, ws) => {
        turns = turns.then(() => turn(event.data, ws));
      },
      onClose: () => closed.abort(),
    };
  });
  // Checked before the handshake too, so a bad agent_session_id is a plain 400 { error } answer.
  return (c, next) => {
    sessionKeyOf(c);
    return upgrade(c, next);
  };
}

