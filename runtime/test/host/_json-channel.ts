// A minimal JSON channel for host tests: POST <root>/chat { text, key?, user?, background? }.
// It exercises the ChannelContext the way real channel templates do, without a protocol.
import { Hono } from "hono";
import { createChannelRequest, HostError, type Channel, type ChannelContext, type RunHook, type SessionMode } from "../../src/index.ts";

export interface JsonChannelOptions {
  name?: string;
  path?: string;
  runHook?: RunHook;
  sessionMode?: SessionMode;
  onContext?: (context: ChannelContext) => void;
}

interface ChatBody {
  text: string | Record<string, unknown>;
  key?: string;
  user?: string;
  background?: boolean;
}

export function jsonChannel(options: JsonChannelOptions = {}): Channel {
  const name = options.name ?? "json";
  return {
    name,
    path: options.path ?? "/json",
    runHook: options.runHook,
    contribute(ctx) {
      options.onContext?.(ctx);
      const app = new Hono();
      app.onError((error, c) => {
        if (error instanceof HostError) return c.json({ error: error.message, code: error.code }, error.status);
        return c.json({ error: "internal" }, 500);
      });
      app.post("/chat", async (c) => {
        const body = await c.req.json<ChatBody>();
        const request = createChannelRequest({
          channel: name,
          input: body.text,
          sessionMode: options.sessionMode ?? "auto",
          ...(body.key ? { session: { key: body.key } } : {}),
          ...(body.user ? { identity: { channel: name, nativeId: body.user } } : {}),
        });
        if (body.background) return c.json(await ctx.runInBackground(request), 202);
        const outcome = await ctx.run(request, { signal: c.req.raw.signal });
        if (outcome.continuation) return c.json(outcome.continuation, 202); // non-originating target: delivered out of band
        return c.json({ text: outcome.result.text, status: outcome.result.status, session: outcome.session });
      });
      app.get("/runs/:token", async (c) => {
        const record = await ctx.getContinuation(c.req.param("token"));
        return record ? c.json(record) : c.json({ error: "unknown run" }, 404);
      });
      return { routes: app };
    },
  };
}
