// The `teams` channel: Microsoft Teams through the Teams SDK (@microsoft/teams.apps) — its App mounted
// on the host through a Hono adapter at `POST /teams/api/messages`; cards, streaming, proactive sends.
import type { CloudEnvironment } from "@microsoft/teams.api";
import { App } from "@microsoft/teams.apps";
import { answerText, echoLine, splitMessage, type AcceptInGroup, type Channel, type ChannelPush, type ConversationScope, type RunHook } from "agent-host";
import { Hono } from "hono";
import { HonoAdapter } from "./teams-hono.ts";
import { teamsLogger } from "./teams-logger.ts";
import { markdown, TEAMS_LIMIT } from "./teams-sink.ts";
import { tokenCheck } from "./teams-token.ts";
import { teamsTurns } from "./teams-turn.ts";

/** The SDK's own messaging route, under the channel's mount root. */
const MESSAGING_ENDPOINT = "/api/messages";

export interface TeamsChannelOptions {
  /** The channel's name in requests, identities and logs. Default "teams". */
  name?: string;
  /** Mount root; Teams posts to `<path>/api/messages`. Default "/teams". */
  path?: string;
  /** Rewrites or rejects each request before it runs (a rejection is told in the chat). */
  runHook?: RunHook;
  /** The bot's Entra app (client) id. Default `CLIENT_ID`. */
  clientId?: string;
  /** A client secret of that app. Default `CLIENT_SECRET`. */
  clientSecret?: string;
  /** The tenant the app is registered in (single tenant). Default `TENANT_ID`. */
  tenantId?: string;
  /** Login, token and key endpoints. Default: the SDK's (public cloud, or the `CLOUD` env var). */
  cloud?: CloudEnvironment;
  /** Where proactive messages go. Default: the SDK's (`SERVICE_URL`, else https://smba.trafficmanager.net/teams). */
  serviceUrl?: string;
  /** Stream answers in 1:1 chats (the only place Teams streams). Default true. */
  streaming?: boolean;
  /** How group chats and channels map to sessions. Default per user per conversation. */
  groupScope?: ConversationScope;
  /** Which group messages reach the agent. Default: those that @mention the bot. */
  acceptInGroup?: AcceptInGroup;
}

export function teamsChannel(options: TeamsChannelOptions = {}): Channel {
  const name = options.name ?? "teams";
  return {
    name,
    path: options.path ?? "/teams",
    runHook: options.runHook,
    contribute(ctx) {
      const routes = new Hono();
      const clientId = options.clientId ?? process.env.CLIENT_ID;
      const clientSecret = options.clientSecret ?? process.env.CLIENT_SECRET;
      const tenantId = options.tenantId ?? process.env.TENANT_ID;
      const missing = Object.entries({ CLIENT_ID: clientId, CLIENT_SECRET: clientSecret, TENANT_ID: tenantId }).filter(([, value]) => !value).map(([variable]) => variable);
      if (missing.length > 0) {
        const message = `${name} is not configured: set ${missing.join(" and ")} (see README, "Microsoft Teams").`;
        ctx.log.warn(message);
        routes.post(MESSAGING_ENDPOINT, (c) => c.json({ error: message }, 503));
        return { routes };
      }

      // The App never starts a server: it registers its route on the adapter, and the host serves it.
      // Token validation is the SDK's (Bot Framework keys, audience = client id, issuer, expiry, serviceurl);
      // `dangerouslyAllowUnauthenticatedRequests: false` keeps the env var of that name from turning it off.
      const adapter = new HonoAdapter();
      const app = new App({
        clientId, clientSecret, tenantId,
        cloud: options.cloud,
        serviceUrl: options.serviceUrl,
        httpServerAdapter: adapter,
        messagingEndpoint: MESSAGING_ENDPOINT,
        dangerouslyAllowUnauthenticatedRequests: false,
        logger: teamsLogger(ctx.log, name),
      });
      // Checked before the SDK: claims it lets pass (no exp, no kid, an Entra token's serviceUrl) and key ids
      // nobody publishes, which would make it fetch keys and log an error for every forged request.
      const tokens = tokenCheck({ name, log: ctx.log, issuer: app.cloud.tokenIssuer, openIdMetadataUrl: app.cloud.openIdMetadataUrl });
      const turns = teamsTurns(ctx, { name, streaming: options.streaming ?? true, groupScope: options.groupScope, acceptInGroup: options.acceptInGroup });
      app.on("message", async (context) => turns.accept(context));
      // conversationUpdate, reactions, invokes…: no handler, so the SDK answers 200 and nothing runs.

      routes.post(MESSAGING_ENDPOINT, async (c) => {
        // The token is checked against the body's serviceUrl, so that needs the parsed body; a request
        // without any token is refused before that, and a body that is not an activity never gets further.
        const authorization = c.req.header("authorization");
        if (!authorization) return c.json({ error: "Missing Authorization header: only the Bot Service may post here." }, 401);
        const body = await readActivity(c.req.raw);
        if (typeof body === "string") return c.json({ error: body }, 400);
        const refused = await tokens.refuse(authorization, body.serviceUrl);
        const response = refused ? c.json({ error: "The token is not a Bot Framework token for this activity." }, 401) : await adapter.handle(c, MESSAGING_ENDPOINT, body);
        if (response.status === 401) tokens.report(refused ?? "the Teams SDK's validation failed");
        return response;
      });

      // Proactive: `app.send` to the conversation stored with the identity (acquires a bot token itself).
      const push: ChannelPush = async (identity, message) => {
        const conversationId = identity.attributes?.conversationId;
        if (typeof conversationId !== "string") return { status: "skipped", reason: "no_conversation_id" };
        try {
          if (message.echo) await app.send(conversationId, markdown(`_${echoLine(message.echo)}_`));
          const sent = await app.send(conversationId, markdown(message.text));
          return { status: "delivered", messageId: sent.id };
        } catch (error) {
          return { status: "failed", error: { code: "teams_send_failed", message: error instanceof Error ? error.message : String(error) } };
        }
      };

      return {
        routes,
        push,
        format: (result) => splitMessage(answerText(result), TEAMS_LIMIT),
        onStartup: [() => app.initialize()],
        onShutdown: [() => turns.drain()],
      };
    },
  };
}

type InboundActivity = Record<string, unknown> & { serviceUrl: string };

/** The body as an activity the SDK can process, or why it is not one. */
async function readActivity(request: Request): Promise<InboundActivity | string> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return "The body is not valid JSON: send a Bot Framework activity.";
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) return "The body must be a Bot Framework activity (a JSON object).";
  const activity = body as { type?: unknown; serviceUrl?: unknown; conversation?: { id?: unknown }; from?: { id?: unknown }; recipient?: { id?: unknown } };
  const fields = { type: activity.type, serviceUrl: activity.serviceUrl, "conversation.id": activity.conversation?.id, "from.id": activity.from?.id, "recipient.id": activity.recipient?.id };
  const bad = Object.entries(fields).filter(([, value]) => typeof value !== "string" || value === "").map(([field]) => field);
  return bad.length ? `The activity needs ${bad.join(", ")} (non-empty strings).` : (body as InboundActivity);
}
