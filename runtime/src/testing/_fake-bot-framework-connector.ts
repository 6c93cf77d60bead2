// The connector half of the fake Bot Framework (HTTP): the `{serviceUrl}/v3/conversations/...` API
// bots post replies to. It checks the caller's app token and records every activity, applying updates.
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";

/** One activity a bot sent to the connector, as the chat shows it now (updates applied). */
export interface ConnectorActivity {
  /** The id the connector gave it. */
  id: string;
  conversationId: string;
  type: string;
  text?: string;
  /** The whole activity the bot sent (the latest version, after updates). */
  activity: Record<string, unknown>;
  /** How many times it was updated (edits, stream chunks). */
  updates: number;
  deleted: boolean;
}

/** Every call that reached the connector, in order (also refused ones). */
export interface ConnectorCall {
  method: string;
  path: string;
  status: number;
  conversationId?: string;
  /** The request's `Authorization` header. */
  authorization?: string;
}

export interface ConnectorState {
  origin: string;
  activities: ConnectorActivity[];
  calls: ConnectorCall[];
  /** Tokens the fake's token endpoint issued; any other bearer gets 401, like the real connector. */
  issuedTokens: Set<string>;
}

type Reply = { status: number; body: unknown };
const error = (status: number, code: string, message: string): Reply => ({ status, body: { error: { code, message } } });

export function connectorHandler(state: ConnectorState): (req: IncomingMessage, res: ServerResponse) => void {
  const find = (conversationId: string, id: string) => state.activities.find((entry) => entry.conversationId === conversationId && entry.id === id);

  const route = (method: string, segments: string[], body: unknown, call: ConnectorCall): Reply => {
    if (segments[0] !== "v3" || segments[1] !== "conversations") return error(404, "NotFound", `The fake connector has no ${method} ${call.path}.`);
    if (segments.length === 2 && method === "POST") return { status: 201, body: { id: `a:${randomUUID()}`, activityId: randomUUID() } };
    const conversationId = segments[2] ?? "";
    call.conversationId = conversationId;
    if (segments[3] !== "activities" || segments.length > 5) return error(404, "NotFound", `The fake connector has no ${method} ${call.path}.`);
    const activityId = segments[4];
    if (method === "DELETE" && activityId) {
      const entry = find(conversationId, activityId);
      if (!entry) return error(404, "ActivityNotFound", `No activity ${activityId} in ${conversationId}.`);
      entry.deleted = true;
      return { status: 200, body: {} };
    }
    if (!isRecord(body) || typeof body.type !== "string") return error(400, "BadArgument", "The body must be an activity with a type.");
    if (method === "PUT" && activityId) {
      const entry = find(conversationId, activityId);
      if (!entry) return error(404, "ActivityNotFound", `No activity ${activityId} in ${conversationId}.`);
      update(entry, body);
      return { status: 200, body: { id: entry.id } };
    }
    if (method !== "POST") return error(405, "MethodNotAllowed", `${method} is not allowed on ${call.path}.`);
    // Teams streaming: every chunk after the first names the stream (the first chunk's id); it
    // changes that message instead of adding one.
    const streamId = streamIdOf(body);
    const streamed = streamId ? find(conversationId, streamId) : undefined;
    if (streamed) {
      update(streamed, body);
      return { status: 201, body: { id: streamed.id } };
    }
    const entry: ConnectorActivity = { id: randomUUID(), conversationId, type: body.type, text: textOf(body), activity: body, updates: 0, deleted: false };
    state.activities.push(entry);
    return { status: 201, body: { id: entry.id } };
  };

  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", state.origin);
      const method = req.method ?? "GET";
      const call: ConnectorCall = { method, path: url.pathname, status: 0, authorization: req.headers.authorization };
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      let reply: Reply;
      if (!token || !state.issuedTokens.has(token)) {
        reply = error(401, "Unauthorized", "Authorization has been denied for this request: send a token from the token endpoint.");
      } else {
        let body: unknown;
        try {
          body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : undefined;
        } catch {
          body = undefined;
        }
        const segments = url.pathname.split("/").filter(Boolean).map((segment) => decodeURIComponent(segment));
        reply = route(method, segments, body, call);
      }
      call.status = reply.status;
      state.calls.push(call);
      res.writeHead(reply.status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(reply.body));
    });
  };
}

function update(entry: ConnectorActivity, body: Record<string, unknown>): void {
  entry.activity = body;
  entry.type = typeof body.type === "string" ? body.type : entry.type;
  entry.text = textOf(body);
  entry.updates += 1;
}

function streamIdOf(body: Record<string, unknown>): string | undefined {
  const entities = Array.isArray(body.entities) ? body.entities : [];
  const info = entities.find((entity): entity is Record<string, unknown> => isRecord(entity) && entity.type === "streaminfo");
  const fromEntity = typeof info?.streamId === "string" ? info.streamId : undefined;
  const channelData = isRecord(body.channelData) ? body.channelData : {};
  return fromEntity ?? (typeof channelData.streamId === "string" ? channelData.streamId : undefined);
}

/** The text a user sees: the activity's text, else the text blocks of its Adaptive Cards. */
function textOf(body: Record<string, unknown>): string | undefined {
  if (typeof body.text === "string" && body.text !== "") return body.text;
  const attachments = Array.isArray(body.attachments) ? body.attachments : [];
  const texts: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (isRecord(node)) {
      if (node.type === "TextBlock" && typeof node.text === "string") texts.push(node.text);
      for (const value of Object.values(node)) if (typeof value === "object") visit(value);
    }
  };
  for (const attachment of attachments) if (isRecord(attachment)) visit(attachment.content);
  return texts.length ? texts.join("\n") : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
