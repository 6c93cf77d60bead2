// Bench servers, one per child process so the load generator never shares its event loop:
// `bare` is a plain @hono/node-server app answering canned JSON/SSE; `host` is the full agent host.
import { serve } from "@hono/node-server";
import { createAgentHost, echoAgent, fileStore, memoryStore, silentLogger } from "agent-host";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { responsesChannel } from "../templates/channels/responses/src/channels/responses.ts";

const kind = process.argv[2] ?? "bare";

/** The same Response object the echo agent produces for the bench prompt. */
export function cannedResponse(): Record<string, unknown> {
  return {
    id: `resp_${Math.random().toString(36).slice(2)}`,
    object: "response",
    created_at: Math.floor(Date.now() / 1000),
    status: "completed",
    error: null,
    incomplete_details: null,
    model: "echo",
    output: [{ type: "message", id: "msg_1", role: "assistant", status: "completed", content: [{ type: "output_text", text: "You said: hello bench", annotations: [] }] }],
    usage: { input_tokens: 2, output_tokens: 3, total_tokens: 5 },
    previous_response_id: null,
    background: false,
    metadata: {},
  };
}

async function start(): Promise<number> {
  if (kind === "bare") {
    const app = new Hono();
    app.post("/responses/v1/responses", async (c) => {
      const body = await c.req.json<{ stream?: boolean }>();
      if (!body.stream) return c.json(cannedResponse());
      return streamSSE(c, async (stream) => {
        await stream.writeSSE({ event: "response.created", data: JSON.stringify({ type: "response.created", sequence_number: 0, response: cannedResponse() }) });
        await stream.writeSSE({ event: "response.completed", data: JSON.stringify({ type: "response.completed", sequence_number: 1, response: cannedResponse() }) });
      });
    });
    return new Promise((resolve) => serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => resolve(info.port)));
  }
  const store = kind === "host-file" ? fileStore({ dir: process.argv[3] ?? ".agent-host-bench" }) : memoryStore();
  const host = createAgentHost({ target: echoAgent(), channels: [responsesChannel()], store, logger: silentLogger });
  return (await host.serve({ port: 0 })).port;
}

const port = await start();
process.stdout.write(`ready ${port}\n`);
process.once("SIGTERM", () => process.exit(0)); // lets --cpu-prof write its profile
