// A minimal chat channel for the multi-host test: POST <root>/chat { user, text, target? } runs a turn
// (202 + continuation when the answer goes elsewhere); with a sink URL it can push, by POSTing there.
import { createChannelRequest, HostError, type Channel, type ChannelPush, type ResponseTarget } from "agent-host";
import { Hono } from "hono";

interface ChatBody {
  user: string;
  text: string;
  target?: ResponseTarget;
}

/** `sinkUrl` set: pushes reach it as JSON `{ host, channel, nativeId, text }`. */
export function chatChannel(name: string, options: { host: string; sinkUrl?: string }): Channel {
  return {
    name,
    path: `/${name}`,
    contribute(ctx) {
      const app = new Hono();
      app.onError((error, c) => (error instanceof HostError ? c.json({ error: error.message }, error.status) : c.json({ error: String(error) }, 500)));
      app.post("/chat", async (c) => {
        const body = await c.req.json<ChatBody>();
        const request = createChannelRequest({
          channel: name,
          input: body.text,
          identity: { channel: name, nativeId: body.user, attributes: {} },
          ...(body.target ? { responseTarget: body.target } : {}),
        });
        const outcome = await ctx.run(request);
        if (outcome.continuation) return c.json({ token: outcome.continuation.token }, 202);
        return c.json({ text: outcome.result.text });
      });
      const sinkUrl = options.sinkUrl;
      if (!sinkUrl) return { routes: app };
      const push: ChannelPush = async (identity, message) => {
        const response = await fetch(sinkUrl, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ host: options.host, channel: name, nativeId: identity.nativeId, text: message.text }),
        });
        return response.ok ? { status: "delivered", messageId: `${options.host}-${Date.now()}` } : { status: "failed", error: { code: "sink", message: `sink answered ${response.status}` } };
      };
      return { routes: app, push };
    },
  };
}
