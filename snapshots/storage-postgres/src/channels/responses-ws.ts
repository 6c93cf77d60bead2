// WebSocket mode of the Responses API (the openai client's `ResponsesWS`): each `response.create` text
// frame streams the same events as SSE, one JSON frame each; frames on one socket run in order.
import type { ChannelContext } from "agent-host";
import type { MiddlewareHandler } from "hono";
import type { WSContext } from "hono/ws";
import { prepareTurn, streamTurn } from "./responses-turn.ts";
import { errorObject, ResponsesApiError, toApiError } from "./responses-wire.ts";

/** The upgrade handler for `GET /v1/responses` (and `/ws`); plain GETs fall through to the next route. */
export function responsesWebSocket(ctx: ChannelContext, channel: string): MiddlewareHandler {
  return ctx.upgradeWebSocket((c) => {
    const closed = new AbortController();
    const header = (name: string) => c.req.header(name);
    let previousFrame = Promise.resolve();
    return {
      onMessage(event, ws) {
        const text = typeof event.data === "string" ? event.data : undefined;
        previousFrame = previousFrame.then(() => handleFrame(ctx, channel, text, { ws, header, signal: closed.signal }));
      },
      onClose() {
        closed.abort(); // stops a response still streaming to this socket
      },
    };
  });
}

interface Connection {
  ws: WSContext;
  header: (name: string) => string | undefined;
  signal: AbortSignal;
}

/** Handles one client frame. Never throws: every problem becomes an `error` event on the socket. */
async function handleFrame(ctx: ChannelContext, channel: string, text: string | undefined, connection: Connection): Promise<void> {
  const send = (event: object) => {
    if (connection.ws.readyState === 1) connection.ws.send(JSON.stringify(event));
  };
  const frame = parseFrame(text);
  if (frame instanceof ResponsesApiError) return send(errorEvent(frame));

  if (frame.type === "response.steer") {
    // Steering needs a model that can take input mid-response; this host runs each turn to its end.
    const error = { type: "invalid_request_error", code: "steering_not_supported", message: "This agent does not support steering. Send a new response.create with previous_response_id instead." };
    return send({ type: "response.steer.failed", sequence_number: 0, error, steer: { input: frame.input, previous_response_id: frame.previous_response_id } });
  }

  const { type: _type, stream_id: streamId, stream: _stream, background, ...body } = frame;
  const lane = typeof streamId === "string" ? { stream_id: streamId } : {};
  try {
    if (background) {
      throw new ResponsesApiError(400, "background is not supported over WebSocket; POST /v1/responses with background: true instead.", { param: "background" });
    }
    const turn = await prepareTurn(ctx, channel, { ...body, stream: true }, connection.header);
    for await (const event of await streamTurn(ctx, turn, connection.signal)) send({ ...event, ...lane });
  } catch (error) {
    const apiError = toApiError(error);
    if (apiError.status >= 500) ctx.log.error("responses: WebSocket response failed", { error: String(error) });
    send({ ...errorEvent(apiError), ...lane });
  }
}

type Frame = { type: string } & Record<string, unknown>;

function parseFrame(text: string | undefined): Frame | ResponsesApiError {
  if (text === undefined) return new ResponsesApiError(400, "Send JSON text frames; binary frames are not supported.", { code: "invalid_frame" });
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return new ResponsesApiError(400, "The frame is not valid JSON.", { code: "invalid_json" });
  }
  const type = typeof frame === "object" && frame !== null && !Array.isArray(frame) ? (frame as Record<string, unknown>).type : undefined;
  if (type !== "response.create" && type !== "response.steer") {
    return new ResponsesApiError(400, `Unknown event type ${JSON.stringify(type)}; send "response.create".`, { param: "type", code: "invalid_frame" });
  }
  return frame as Frame;
}

/** The WebSocket error event: `{ type: "error", status, error: { message, type, param, code } }`. */
function errorEvent(error: ResponsesApiError) {
  return { type: "error", status: error.status, error: errorObject(error) };
}
