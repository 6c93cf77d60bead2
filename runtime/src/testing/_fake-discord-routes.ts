// The fake Discord REST API (v10 paths) as a Hono app: interaction webhooks (edit original, followups),
// channel messages and DM channels with `Authorization: Bot <token>`, and command registration PUTs.
import { Hono, type Context } from "hono";
import { EPHEMERAL, type FakeDiscordState } from "./_fake-discord-state.ts";

const LIMIT = 2000;
/** The fake serves the API under the same path as Discord, so a client that drops the base path fails. */
export const API_PATH = "/api/v10";
const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** Discord's error body: `{ message, code }` (plus `errors` for form validation). */
const fail = (c: Context, status: 400 | 401 | 404, code: number, message: string, errors?: unknown) =>
  c.json({ message, code, ...(errors ? { errors } : {}) }, status);

export function fakeDiscordRoutes(state: FakeDiscordState, config: { applicationId: string; botToken: string }): Hono {
  const app = new Hono().basePath(API_PATH);
  const bodies = new WeakMap<Request, unknown>();

  // Record every request; answer 429 while a rate limit is queued (fake.rateLimitNext).
  app.use(async (c, next) => {
    let body: unknown;
    try {
      body = c.req.method === "GET" ? undefined : await c.req.json();
    } catch {
      body = undefined;
    }
    bodies.set(c.req.raw, body);
    const path = c.req.path.slice(API_PATH.length);
    state.requests.push({ method: c.req.method, path, endpoint: endpointOf(c.req.method, path), authorization: c.req.header("authorization"), body });
    const limited = state.rateLimits.shift();
    if (limited) {
      c.header("Retry-After", String(Math.ceil(limited.retryAfter)));
      return c.json({ message: "You are being rate limited.", retry_after: limited.retryAfter, global: false }, 429);
    }
    await next();
  });
  const bodyOf = (c: Context) => bodies.get(c.req.raw);
  const botOnly = (c: Context) => c.req.header("authorization") === `Bot ${config.botToken}`;
  const interactionOf = (c: Context) => {
    const record = state.interactions.get(c.req.param("token") ?? "");
    return c.req.param("app") === config.applicationId && record && record.state !== "sent" ? record : undefined;
  };

  app.patch("/webhooks/:app/:token/messages/:messageId", (c) => {
    const record = interactionOf(c);
    if (!record) return fail(c, 404, 10015, "Unknown Webhook");
    const requested = c.req.param("messageId");
    const id = requested === "@original" ? record.originalId : record.messageIds.has(requested) ? requested : undefined;
    const message = id ? state.message(id) : undefined;
    if (!message) return fail(c, 404, 10008, "Unknown Message");
    const invalid = invalidContent(bodyOf(c));
    if (invalid) return fail(c, 400, invalid.code, invalid.message, invalid.errors);
    message.text = (bodyOf(c) as { content: string }).content;
    return c.json(messageObject(message, config.applicationId));
  });

  app.post("/webhooks/:app/:token", (c) => {
    const record = interactionOf(c);
    if (!record) return fail(c, 404, 10015, "Unknown Webhook");
    const invalid = invalidContent(bodyOf(c));
    if (invalid) return fail(c, 400, invalid.code, invalid.message, invalid.errors);
    const { content, flags } = bodyOf(c) as { content: string; flags?: number };
    // After a deferred response, the first followup fills the "thinking…" message (keeping its flags).
    const original = record.originalId ? state.message(record.originalId) : undefined;
    const message = original && original.text === undefined ? Object.assign(original, { text: content }) : state.addMessage(record.channelId, content, flags ?? 0);
    record.messageIds.add(message.id);
    return c.req.query("wait") === "true" ? c.json(messageObject(message, config.applicationId)) : c.body(null, 204);
  });

  app.post("/channels/:channelId/messages", (c) => {
    if (!botOnly(c)) return fail(c, 401, 0, "401: Unauthorized");
    const channelId = c.req.param("channelId");
    if (!state.channels.has(channelId)) return fail(c, 404, 10003, "Unknown Channel");
    const invalid = invalidContent(bodyOf(c));
    if (invalid) return fail(c, 400, invalid.code, invalid.message, invalid.errors);
    const { content, flags } = bodyOf(c) as { content: string; flags?: number };
    return c.json(messageObject(state.addMessage(channelId, content, (flags ?? 0) & ~EPHEMERAL), config.applicationId));
  });

  app.post("/users/@me/channels", (c) => {
    if (!botOnly(c)) return fail(c, 401, 0, "401: Unauthorized");
    const recipient = (bodyOf(c) as { recipient_id?: unknown } | undefined)?.recipient_id;
    if (typeof recipient !== "string" || !/^\d{1,20}$/u.test(recipient)) {
      return fail(c, 400, 50035, "Invalid Form Body", { recipient_id: { _errors: [{ code: "NUMBER_TYPE_COERCE", message: `Value "${String(recipient)}" is not snowflake.` }] } });
    }
    return c.json({ id: state.openDm(recipient), type: 1, last_message_id: null, flags: 0, recipients: [{ id: recipient }] });
  });

  const putCommands = (scope: string) => (c: Context) => {
    if (!botOnly(c)) return fail(c, 401, 0, "401: Unauthorized");
    if (c.req.param("app") !== config.applicationId) return fail(c, 404, 10002, "Unknown Application");
    const body = bodyOf(c);
    const problem = Array.isArray(body) ? body.map(commandProblem).find(Boolean) : "the body must be an array of commands";
    if (problem) return fail(c, 400, 50035, "Invalid Form Body", { _errors: [{ code: "INVALID_COMMAND", message: problem }] });
    const commands = (body as Array<Record<string, unknown>>).map((command) => ({ id: `${command.name}-id`, application_id: config.applicationId, version: "1", ...command }));
    state.commands.set(scope === "guild" ? (c.req.param("guild") ?? "") : "global", commands);
    return c.json(commands);
  };
  app.put("/applications/:app/commands", putCommands("global"));
  app.put("/applications/:app/guilds/:guild/commands", putCommands("guild"));

  app.notFound((c) => fail(c, 404, 0, `404: Not Found (the fake Discord API has no ${c.req.method} ${c.req.path})`));
  return app;
}

function endpointOf(method: string, path: string): string {
  if (path.startsWith("/webhooks/")) return method === "PATCH" ? "webhook.edit" : "webhook.followup";
  if (/^\/channels\/[^/]+\/messages$/u.test(path)) return "channel.message";
  if (path === "/users/@me/channels") return "dm.open";
  if (/^\/applications\/[^/]+(\/guilds\/[^/]+)?\/commands$/u.test(path)) return "commands.put";
  return "unknown";
}

/** Discord's checks on a message body (text only: this fake knows no embeds or files). */
function invalidContent(body: unknown): { code: number; message: string; errors?: unknown } | undefined {
  const content = (body as { content?: unknown } | undefined)?.content;
  if (typeof content !== "string" || content.length === 0) return { code: 50006, message: "Cannot send an empty message" };
  if (content.length > LIMIT) {
    return { code: 50035, message: "Invalid Form Body", errors: { content: { _errors: [{ code: "BASE_TYPE_MAX_LENGTH", message: `Must be ${LIMIT} or fewer in length.` }] } } };
  }
  return undefined;
}

/** Why Discord would refuse this command definition (chat-input commands only), or undefined. */
function commandProblem(command: unknown): string | undefined {
  const { name, description, type, options } = (command ?? {}) as Record<string, unknown>;
  if (typeof name !== "string" || !NAME.test(name) || name !== name.toLowerCase()) return `invalid command name ${JSON.stringify(name)}`;
  if (type !== undefined && type !== 1) return `/${name}: only chat-input commands (type 1) are expected`;
  if (typeof description !== "string" || description.length < 1 || description.length > 100) return `/${name}: description must be 1-100 characters`;
  if (options === undefined) return undefined;
  if (!Array.isArray(options) || options.length > 25) return `/${name}: options must be an array of at most 25`;
  let optionalSeen = false;
  for (const option of options as Array<Record<string, unknown>>) {
    if (typeof option.name !== "string" || !NAME.test(option.name) || option.name !== option.name.toLowerCase()) return `/${name}: invalid option name`;
    if (typeof option.type !== "number" || option.type < 1 || option.type > 11) return `/${name} ${option.name}: invalid option type`;
    if (typeof option.description !== "string" || option.description.length < 1 || option.description.length > 100) return `/${name} ${option.name}: description must be 1-100 characters`;
    if (option.required === true && optionalSeen) return `/${name}: required options must come before optional ones`;
    if (option.required !== true) optionalSeen = true;
  }
  return undefined;
}

function messageObject(message: { id: string; channelId: string; text?: string; flags: number }, applicationId: string) {
  return { id: message.id, channel_id: message.channelId, type: 0, content: message.text ?? "", flags: message.flags, author: { id: applicationId, username: "agent", bot: true } };
}
