// The `activity` channel: Azure Bot Service (Web Chat, Direct Line, Teams, Slack, …) through the
// Microsoft 365 Agents SDK — `POST /api/messages`, the Bot Framework's own messaging endpoint.
import { Activity, ActivityTypes } from "@microsoft/agents-activity";
import { AgentApplication, CloudAdapter, createOutboundHostValidator } from "@microsoft/agents-hosting";
import type { AcceptInGroup, Channel, ConversationScope, RunHook } from "agent-host";
import { Hono } from "hono";
import { sdkExchange } from "./activity-hono.ts";
import { activityFormat, activityPush } from "./activity-push.ts";
import { tokenCheck } from "./activity-token.ts";
import { activityTurns } from "./activity-turn.ts";

export interface ActivityChannelOptions {
  /** The channel's name in requests, identities and logs. Default "activity". */
  name?: string;
  /** Mount root; the Bot Service posts to `<path>/messages`. Default "/api". */
  path?: string;
  /** Rewrites or rejects each request before it runs (a rejection is told in the chat). */
  runHook?: RunHook;
  /** The bot's Entra app (client) id. Default `MICROSOFT_APP_ID`. */
  appId?: string;
  /** A client secret of that app. Default `MICROSOFT_APP_PASSWORD`. */
  appPassword?: string;
  /** The tenant the app is registered in (single tenant). Default `MICROSOFT_APP_TENANT_ID`. */
  tenantId?: string;
  /** The Entra login endpoint. Default https://login.microsoftonline.com (other clouds, tests). */
  authorityEndpoint?: string;
  /** Token issuers to accept (Microsoft's own first-party issuers always are). Default: the SDK's list for your tenant. */
  issuers?: string[];
  /** Hosts besides Microsoft's the bot may answer to (`serviceUrl`): the Bot Framework Emulator, tests. */
  serviceUrlHosts?: string[];
  /** Stream answers in Teams 1:1 chats (the only place Teams streams). Default true. */
  streaming?: boolean;
  /** How group chats map to sessions. Default per user per conversation. */
  groupScope?: ConversationScope;
  /** Which group messages reach the agent. Default: those that @mention the bot. */
  acceptInGroup?: AcceptInGroup;
}

export function activityChannel(options: ActivityChannelOptions = {}): Channel {
  const name = options.name ?? "activity";
  return {
    name,
    path: options.path ?? "/api",
    runHook: options.runHook,
    contribute(ctx) {
      const app = new Hono();
      const appId = options.appId ?? process.env.MICROSOFT_APP_ID;
      const appPassword = options.appPassword ?? process.env.MICROSOFT_APP_PASSWORD;
      const tenantId = options.tenantId ?? process.env.MICROSOFT_APP_TENANT_ID;
      const missing = Object.entries({ MICROSOFT_APP_ID: appId, MICROSOFT_APP_PASSWORD: appPassword, MICROSOFT_APP_TENANT_ID: tenantId })
        .filter(([, value]) => !value)
        .map(([variable]) => variable);
      if (!appId || !appPassword || !tenantId) {
        const message = `${name} is not configured: set ${missing.join(" and ")} (see README, "Azure Bot Service").`;
        ctx.log.warn(message);
        app.post("/messages", (c) => c.json({ error: message }, 503));
        return { routes: app };
      }

      // Everything the SDK needs is passed here, so it never falls back to anonymous (unauthenticated)
      // mode. Every request's JWT is checked: signature (keys from the authority), audience = app id,
      // issuer = the Bot Service or your tenant, not expired.
      const auth = { clientId: appId, clientSecret: appPassword, tenantId, authorityEndpoint: options.authorityEndpoint, issuers: options.issuers, validateIssuer: true };
      const adapter = new CloudAdapter(
        auth,
        undefined,
        undefined,
        undefined,
        // Answers (and the app token they carry) go only to Microsoft's hosts, and only to the serviceUrl the token names.
        createOutboundHostValidator({ enabled: true, hosts: options.serviceUrlHosts ?? [] }),
      );
      adapter.onTurnError = async (context, error) => {
        ctx.log.error(`${name}: turn failed`, { activityId: context.activity.id, error: String(error) });
      };
      // Checked before the SDK: claims it lets pass (no exp, no kid) and key ids nobody publishes, which
      // would make it fetch the key set for every forged request.
      const tokens = tokenCheck({ name, log: ctx.log, auth });
      const turns = activityTurns(ctx, { name, streaming: options.streaming ?? true, groupScope: options.groupScope, acceptInGroup: options.acceptInGroup });
      const agent = new AgentApplication({ adapter, removeRecipientMention: false });
      agent.onActivity(ActivityTypes.Message, async (context) => turns.accept(context));
      // Card actions and other invokes are not handled: acknowledge them so Teams shows no error.
      agent.onActivity(ActivityTypes.Invoke, async (context) => {
        await context.sendActivity(Activity.fromObject({ type: ActivityTypes.InvokeResponse, value: { status: 200 } }));
      });
      // conversationUpdate, typing, reactions, events…: no route, so they are answered 200 and ignored.

      app.post("/messages", async (c) => {
        const exchange = sdkExchange(c);
        // The token first: nothing in the body is read before the Bot Service's signature checks out.
        const refused = await tokens.refuse(c.req.header("authorization"));
        let authorized = false;
        if (!refused) await adapter.authorizeRequest(exchange.request, exchange.response, () => (authorized = true));
        if (!authorized) {
          tokens.report(refused ?? "the Agents SDK's validation failed");
          return refused ? c.json({ "jwt-auth-error": refused }, 401) : exchange.toResponse();
        }
        const body = await readActivity(c.req.raw);
        if (typeof body === "string") return c.json({ error: body }, 400);
        exchange.request.body = body;
        try {
          await adapter.process(exchange.request, exchange.response, (context) => agent.run(context));
        } catch (error) {
          ctx.log.error(`${name}: could not process the activity`, { error: String(error) });
          return c.json({ error: "The activity could not be processed; see the bot's log." }, 502);
        }
        return exchange.toResponse();
      });

      return { routes: app, push: activityPush(adapter, appId), format: activityFormat(), onShutdown: [() => turns.drain()] };
    },
  };
}

/** The body as an activity the SDK accepts, or why it is not one. */
async function readActivity(request: Request): Promise<Record<string, unknown> | string> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return "The body is not valid JSON: send a Bot Framework activity.";
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) return "The body must be a Bot Framework activity (a JSON object).";
  try {
    const activity = Activity.fromObject(body);
    if (!activity.conversation?.id || !activity.serviceUrl) return "The activity needs conversation.id and serviceUrl.";
  } catch (error) {
    return `The activity is malformed: ${error instanceof Error ? error.message.slice(0, 300) : "invalid shape"}.`;
  }
  return body as Record<string, unknown>;
}
