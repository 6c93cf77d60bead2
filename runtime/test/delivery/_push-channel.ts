// Test channels for delivery: POST <root>/chat { text, user?, chat?, target? } runs a turn (202 with the
// continuation when deferred), and `push` records what the host sends (or does what the test says).
import { Hono } from "hono";
import {
  createAgentHost, createChannelRequest, echoAgent, HostError, inProcessRunner, loadHistory, memoryStore,
  type AgentHost, type AgentHostOptions, type DeliveryRecord, type Channel, type ChannelContext, type ChannelFormat, type ChannelIdentity, type ChannelPush,
  type Logger, type OutboundMessage, type ResponseTarget, type RunHook,
} from "../../src/index.ts";

export interface Pushed {
  identity: ChannelIdentity;
  message: OutboundMessage;
}

export interface PushChannelOptions {
  confidentialityTier?: string;
  runHook?: RunHook;
  /** false: the channel answers requests but cannot push. Default true. */
  canPush?: boolean;
  /** Replaces the recording push's answer (it still records first). */
  onPush?: ChannelPush;
  format?: ChannelFormat;
}

export interface PushChannel extends Channel {
  pushes: Pushed[];
  ctx: ChannelContext;
}

interface ChatBody {
  text: string;
  user?: string;
  chat?: string;
  target?: ResponseTarget;
}

export function pushChannel(name: string, options: PushChannelOptions = {}): PushChannel {
  const channel: PushChannel = {
    name,
    path: `/${name}`,
    pushes: [],
    ctx: undefined as unknown as ChannelContext, // set by contribute, before any test uses it
    ...(options.confidentialityTier ? { confidentialityTier: options.confidentialityTier } : {}),
    ...(options.runHook ? { runHook: options.runHook } : {}),
    contribute(ctx) {
      channel.ctx = ctx;
      const app = new Hono();
      app.onError((error, c) => (error instanceof HostError ? c.json({ error: error.message }, error.status) : c.json({ error: String(error) }, 500)));
      app.post("/chat", async (c) => {
        const body = await c.req.json<ChatBody>();
        const request = createChannelRequest({
          channel: name,
          input: body.text,
          ...(body.user ? { identity: { channel: name, nativeId: body.user, attributes: body.chat ? { chatId: body.chat } : {} } } : {}),
          ...(body.chat ? { conversationId: body.chat } : {}),
          ...(body.target ? { responseTarget: body.target } : {}),
        });
        const outcome = await ctx.run(request);
        if (outcome.continuation) return c.json({ token: outcome.continuation.token, status: outcome.continuation.status }, 202);
        return c.json({ text: outcome.result.text });
      });
      const push: ChannelPush = async (identity, message) => {
        channel.pushes.push({ identity, message });
        return options.onPush ? options.onPush(identity, message) : { status: "delivered", messageId: `${name}-${channel.pushes.length}` };
      };
      return { routes: app, ...(options.canPush === false ? {} : { push }), ...(options.format ? { format: options.format } : {}) };
    },
  };
  return channel;
}

/** A logger that keeps every line, for asserting warnings. */
export function recordingLogger(): Logger & { lines: Array<{ level: string; message: string }> } {
  const lines: Array<{ level: string; message: string }> = [];
  const at = (level: string) => (message: string) => void lines.push({ level, message });
  return { lines, info: at("info"), warn: at("warn"), error: at("error") };
}

/** A host over the given channels with a memory store, a drainable runner and a recording logger. */
export function deliveryHost(channels: Channel[], options: Partial<AgentHostOptions> = {}) {
  const runner = inProcessRunner();
  const store = options.store ?? memoryStore();
  const log = recordingLogger();
  const host = createAgentHost({ target: echoAgent(), channels, store, runner, logger: log, ...options });
  const send = async (channel: string, body: ChatBody) => {
    const response = await host.app.request(`/${channel}/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as { token?: string; status?: string; text?: string; error?: string } };
  };
  /** Resolves once every queued run and its deliveries have finished. */
  const settle = () => runner.drain();
  return { host, store, log, send, settle };
}

/** The `deliveries[]` of the assistant message a background run wrote. */
export async function deliveriesOf(host: AgentHost, token: string): Promise<DeliveryRecord[]> {
  const record = await host.getContinuation(token);
  if (!record?.session) throw new Error(`Run ${token} has no session, so no history to read deliveries from.`);
  const history = await loadHistory(host.store, record.session.id);
  return history.filter((message) => message.role === "assistant").at(-1)?.deliveries ?? [];
}
