// The fake Graph API's one endpoint, `POST /{version}/{phone_number_id}/messages`: checks the bearer
// token and body like Graph, records text sends and read marks, and answers in Graph's JSON shapes.
import { randomBytes } from "node:crypto";
import { Hono, type Context } from "hono";
import { newMessageId } from "./_fake-whatsapp-payloads.ts";

/** Every call the fake received, accepted or not. */
export interface FakeGraphRequest {
  method: string;
  path: string;
  authorization?: string;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
  /** What the fake answered. */
  status: number;
  response: unknown;
}

/** A text message the fake accepted. */
export interface FakeWhatsAppSend {
  id: string;
  phoneNumberId: string;
  to: string;
  text: string;
}

/** A "mark as read" the fake accepted; `typing` when it asked for the typing indicator. */
export interface FakeWhatsAppRead {
  phoneNumberId: string;
  messageId: string;
  typing: boolean;
}

export interface FakeGraphState {
  accessToken: string;
  phoneNumberIds: readonly string[];
  requests: FakeGraphRequest[];
  sends: FakeWhatsAppSend[];
  reads: FakeWhatsAppRead[];
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** Graph's error shape: `{ error: { message, type, code, error_subcode?, error_data?, fbtrace_id } }`. */
class GraphError extends Error {
  readonly status: 400 | 401;
  readonly body: Json;
  constructor(status: 400 | 401, code: number, message: string, extra: Json = {}) {
    super(message);
    this.status = status;
    this.body = { error: { message, type: "OAuthException", code, ...extra, fbtrace_id: randomBytes(9).toString("base64url") } };
  }
}

const invalid = (message: string, details?: string) =>
  new GraphError(400, 100, message, details ? { error_data: { messaging_product: "whatsapp", details } } : {});

export function fakeGraphApp(state: FakeGraphState): Hono {
  const app = new Hono();
  app.post("/:version/:phoneNumberId/messages", async (c) => {
    const raw = await c.req.text();
    let body: unknown = raw;
    try {
      body = JSON.parse(raw);
    } catch {
      // recorded as text; refused below
    }
    try {
      const response = handle(state, c.req.param("version"), c.req.param("phoneNumberId"), c.req.header("authorization"), body);
      return record(c, state, body, 200, response);
    } catch (error) {
      if (!(error instanceof GraphError)) throw error;
      return record(c, state, body, error.status, error.body);
    }
  });
  app.all("*", (c) => {
    const error = new GraphError(400, 2500, `Unknown path components: ${c.req.path}`);
    return record(c, state, undefined, error.status, error.body);
  });
  return app;
}

function record(c: Context, state: FakeGraphState, body: unknown, status: 200 | 400 | 401, response: unknown): Response {
  const authorization = c.req.header("authorization");
  state.requests.push({ method: c.req.method, path: c.req.path, ...(authorization ? { authorization } : {}), body, status, response });
  return c.json(response, status);
}

function handle(state: FakeGraphState, version: string, phoneNumberId: string, authorization: string | undefined, body: unknown): Json {
  if (authorization !== `Bearer ${state.accessToken}`) {
    throw new GraphError(401, 190, "Invalid OAuth access token - Cannot parse access token");
  }
  if (!/^v\d+\.\d+$/.test(version)) throw new GraphError(400, 2500, `Unknown path components: /${version}/${phoneNumberId}/messages`);
  if (!state.phoneNumberIds.includes(phoneNumberId)) {
    throw new GraphError(400, 100, `Unsupported post request. Object with ID '${phoneNumberId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, { error_subcode: 33 });
  }
  if (!isObject(body) || body.messaging_product !== "whatsapp") throw invalid("(#100) The parameter messaging_product is required.");
  if (body.status !== undefined) return markRead(state, phoneNumberId, body);
  if (body.type !== "text") throw invalid(`(#100) Param type must be "text" on this fake Graph server (got ${JSON.stringify(body.type)}).`);
  if (typeof body.to !== "string" || !/^\+?\d{5,20}$/.test(body.to)) throw invalid("(#100) Invalid parameter", "Param to must be a phone number (digits, optionally with a leading +).");
  const text = isObject(body.text) ? body.text.body : undefined;
  if (typeof text !== "string" || text.trim() === "") throw invalid("(#100) The parameter text['body'] is required.");
  if (text.length > 4096) throw invalid("(#100) Param text['body'] must be at most 4096 characters long.");
  const to = body.to.replace(/^\+/, "");
  const id = newMessageId();
  state.sends.push({ id, phoneNumberId, to, text });
  return { messaging_product: "whatsapp", contacts: [{ input: body.to, wa_id: to }], messages: [{ id }] };
}

function markRead(state: FakeGraphState, phoneNumberId: string, body: Json): Json {
  if (body.status !== "read") throw invalid(`(#100) Param status must be "read" (got ${JSON.stringify(body.status)}).`);
  if (typeof body.message_id !== "string" || body.message_id === "") throw invalid("(#100) The parameter message_id is required.");
  const indicator = body.typing_indicator;
  if (indicator !== undefined && !(isObject(indicator) && indicator.type === "text")) throw invalid("(#100) Param typing_indicator['type'] must be \"text\".");
  state.reads.push({ phoneNumberId, messageId: body.message_id, typing: indicator !== undefined });
  return { success: true };
}
