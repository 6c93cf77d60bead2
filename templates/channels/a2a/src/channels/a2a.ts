// The `a2a` channel: your agent as an Agent2Agent (A2A) server — agent card, JSON-RPC v1.0 (v0.3 for older
// clients), SSE streaming, tasks kept in the host's store, push notifications — on @a2a-js/sdk's server pieces.
import { AgentCard, type CancelTaskRequest, type Message, type SendMessageRequest, type StreamResponse, type Task, type TaskPushNotificationConfig } from "@a2a-js/sdk";
import { RequestMalformedError } from "@a2a-js/sdk/errors";
import { DefaultRequestHandler, type AgentExecutor, type PushNotificationSender, type PushNotificationStore, type ServerCallContext, type TaskStore } from "@a2a-js/sdk/server";
import { bearerAuth, outboundUrlPolicy, type Channel, type OutboundUrlPolicy, type RunHook } from "agent-host";
import { Hono } from "hono";
import { agentCard } from "./a2a-card.ts";
import { hostAgentExecutor, stopFollowing } from "./a2a-executor.ts";
import { hostPushSender } from "./a2a-push-sender.ts";
import { hostPushStore } from "./a2a-push-store.ts";
import { jsonRpcEndpoint, rpcError } from "./a2a-routes.ts";
import { cancelRecordedRun, hostTaskStore, type LiveRuns } from "./a2a-task-store.ts";

export interface A2aChannelOptions {
  /** The channel's name in requests, identities and logs. Default "a2a". */
  name?: string;
  /**
   * Mount root. The channel serves `<path>/.well-known/agent-card.json` and `<path>/a2a`. Default "/", so the
   * card sits at the host's well-known URL; with `path: "/agents/helper"` clients discover it from `…/agents/helper/`.
   */
  path?: string;
  /** Bearer key the JSON-RPC endpoint requires (the card stays public). Default `AGENT_HOST_API_KEY`; unset or empty = no auth. */
  apiKey?: string;
  /** Public base URL written into the card. Default `AGENT_HOST_PUBLIC_URL`, else the origin each card request came to. */
  publicUrl?: string;
  /** Rewrites or rejects each turn before it runs (throw → the task ends `rejected` with your message). */
  runHook?: RunHook;
  /** Card fields that replace the generated ones (name, description, version, provider, skills, …). */
  card?: Partial<AgentCard>;
  /**
   * Which push-notification URLs the host accepts and POSTs to. Default: public http(s) addresses only, plus
   * the host names, IPs and CIDRs in `A2A_PUSH_ALLOW_HOSTS` (comma-separated, e.g. `127.0.0.1` for local development).
   */
  pushUrls?: OutboundUrlPolicy;
}

export function a2aChannel(options: A2aChannelOptions = {}): Channel {
  const name = options.name ?? "a2a";
  const path = options.path ?? "/";
  return {
    name,
    path,
    runHook: options.runHook,
    // The wire names the conversation (contextId); a message without one starts a fresh context.
    sessions: "caller-supplied",
    contribute(ctx) {
      const apiKey = options.apiKey ?? process.env.AGENT_HOST_API_KEY;
      const publicUrl = (options.publicUrl ?? process.env.AGENT_HOST_PUBLIC_URL ?? "").replace(/\/+$/, "");
      // "/" → "", "agents/x/" → "/agents/x": the endpoint in the card is `<public URL or origin><root>/a2a`.
      const root = path.trim().replace(/\/+$/, "").replace(/^(?=[^/])/, "/");
      const card = (origin: string) => agentCard({ target: ctx.target, url: `${origin}${root}/a2a`, apiKey, overrides: options.card });

      // The SDK's server, backed by the host: tasks and push configs in its store, every turn through its pipeline.
      const live: LiveRuns = new Map();
      const taskStore = hostTaskStore(ctx, live);
      const pushStore = hostPushStore(ctx.store);
      const pushUrls = options.pushUrls ?? outboundUrlPolicy({ allow: (process.env.A2A_PUSH_ALLOW_HOSTS ?? "").split(","), allowListName: "A2A_PUSH_ALLOW_HOSTS" });
      const executor = hostAgentExecutor(ctx, name, live);
      const stopRun = (taskId: string) => (live.has(taskId) ? Promise.resolve() : cancelRecordedRun(ctx, taskId));
      const requestHandler = new HostRequestHandler(card(publicUrl), taskStore, executor, pushStore, hostPushSender(pushStore, pushUrls, ctx.log), { stopRun, pushUrls });

      // The card is public (it tells clients how to authenticate); the JSON-RPC endpoint takes the bearer key.
      const app = new Hono();
      app.get("/.well-known/agent-card.json", (c) => c.json(AgentCard.toJSON(card(publicUrl || new URL(c.req.url).origin))));
      app.use("/a2a", bearerAuth({ token: apiKey, onUnauthorized: (c, message) => rpcError(c, null, { code: -32000, message }, 401) }));
      app.post("/a2a", jsonRpcEndpoint(requestHandler, ctx.log));

      return { routes: app, onShutdown: [() => stopFollowing(live)] };
    },
  };
}

interface HostHandlerOptions {
  stopRun: (taskId: string) => Promise<void>;
  pushUrls: OutboundUrlPolicy;
}

/**
 * The SDK's request handler, plus: a push config whose URL the policy refuses is invalid params (-32602), before
 * anything is stored or run; CancelTask also cancels the host's background run when no executor here follows it.
 */
class HostRequestHandler extends DefaultRequestHandler {
  private readonly host: HostHandlerOptions;

  constructor(card: AgentCard, tasks: TaskStore, executor: AgentExecutor, pushStore: PushNotificationStore, pushSender: PushNotificationSender, host: HostHandlerOptions) {
    super(card, tasks, executor, undefined, pushStore, pushSender);
    this.host = host;
  }

  override async sendMessage(params: SendMessageRequest, context: ServerCallContext): Promise<Message | Task> {
    await this.checkPushUrl(params.configuration?.taskPushNotificationConfig);
    return super.sendMessage(params, context);
  }

  override async *sendMessageStream(params: SendMessageRequest, context: ServerCallContext): AsyncGenerator<StreamResponse, void, undefined> {
    await this.checkPushUrl(params.configuration?.taskPushNotificationConfig);
    yield* super.sendMessageStream(params, context);
  }

  override async createTaskPushNotificationConfig(params: TaskPushNotificationConfig, context: ServerCallContext): Promise<TaskPushNotificationConfig> {
    await this.checkPushUrl(params);
    return super.createTaskPushNotificationConfig(params, context);
  }

  override async cancelTask(params: CancelTaskRequest, context: ServerCallContext): Promise<Task> {
    await this.host.stopRun(params.id);
    return super.cancelTask(params, context);
  }

  private async checkPushUrl(config: TaskPushNotificationConfig | undefined): Promise<void> {
    if (!config) return;
    const verdict = await this.host.pushUrls.check(config.url);
    if (!verdict.allowed) throw new RequestMalformedError(`Invalid push notification URL. ${verdict.reason}`);
  }
}
