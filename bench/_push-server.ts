// The fake platform API for `bench/fanout.ts`, in its own process like a real remote API: a Hono app that
// accepts `POST /push/:channel` (a JSON message) and answers a message id. Prints `ready <port>`.
import { serve } from "@hono/node-server";
import { Hono } from "hono";

let sent = 0;
const app = new Hono();
app.post("/push/:channel", async (c) => {
  const body = await c.req.json<{ text?: string }>();
  if (typeof body.text !== "string") return c.json({ ok: false, description: "text is required" }, 400);
  return c.json({ ok: true, result: { message_id: `${c.req.param("channel")}-${++sent}` } });
});

const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) => process.stdout.write(`ready ${info.port}\n`));
process.on("disconnect", () => server.close());
