// Bench servers, one per child process so the load generator never shares its event loop:
// `bare` is a plain @hono/node-server app that parses the JSON body and answers a Response object of the
// same shape and size as the host's (and the same SSE event sequence); `host` is the full agent host.
// Variants: `host-file` (file store in argv[3]), `host-nostore` (a store that keeps nothing: the host's
// cost without persistence). Answers `{ cpu }` IPC messages with its CPU time so run.ts can derive CPU/request.
import { randomUUID } from "node:crypto";
import { serve } from "@hono/node-server";
import { createAgentHost, echoAgent, fileStore, memoryStore, silentLogger } from "agent-host";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { responsesChannel } from "../templates/channels/responses/src/channels/responses.ts";
import { noStore } from "./_no-store.ts";

const kind = process.argv[2] ?? "bare";
const TEXT = "You said: hello bench";

/** What the host answers for `{"model":"echo","input":"hello bench"}`, field for field (fresh ids included). */
function cannedResponse(status: "in_progress" | "completed"): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  const done = status === "completed";
  return {
    id: `resp_${randomUUID().replaceAll("-", "")}`,
    object: "response",
    created_at: now,
    completed_at: done ? now : null,
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: null,
    metadata: {},
    model: "echo",
    output: done ? [message("completed", TEXT)] : [],
    output_text: done ? TEXT : "",
    parallel_tool_calls: false,
    previous_response_id: null,
    conversation: null,
    safety_identifier: null,
    store: true,
    temperature: null,
    tool_choice: "auto",
    tools: [],
    top_p: null,
    usage: done ? { input_tokens: 2, input_tokens_details: { cached_tokens: 0 }, output_tokens: 4, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 6 } : null,
  };
}

function message(status: string, text?: string) {
  const content = text === undefined ? [] : [{ type: "output_text", text, annotations: [] }];
  return { type: "message", id: "msg_0123456789abcdef0123456789abcdef", role: "assistant", status, content };
}

/** The host's SSE sequence for the bench prompt: created … 4 text deltas … completed. */
function cannedEvents(): Array<Record<string, unknown>> {
  const pending = cannedResponse("in_progress");
  const at = { item_id: "msg_0123456789abcdef0123456789abcdef", output_index: 0, content_index: 0 };
  const part = (text: string) => ({ type: "output_text", text, annotations: [] });
  return [
    { type: "response.created", response: pending },
    { type: "response.in_progress", response: pending },
    { type: "response.output_item.added", output_index: 0, item: message("in_progress") },
    { type: "response.content_part.added", ...at, part: part("") },
    ...["You ", "said: ", "hello ", "bench"].map((delta) => ({ type: "response.output_text.delta", ...at, delta, logprobs: [] })),
    { type: "response.output_text.done", ...at, text: TEXT, logprobs: [] },
    { type: "response.content_part.done", ...at, part: part(TEXT) },
    { type: "response.output_item.done", output_index: 0, item: message("completed", TEXT) },
    { type: "response.completed", response: { ...cannedResponse("completed"), id: pending.id } },
  ].map((event, sequence_number) => ({ ...event, sequence_number }));
}

async function start(): Promise<number> {
  if (kind === "bare") {
    const app = new Hono();
    app.post("/responses/v1/responses", async (c) => {
      const body = await c.req.json<{ stream?: boolean }>();
      if (!body.stream) return c.json(cannedResponse("completed"));
      return streamSSE(c, async (stream) => {
        for (const event of cannedEvents()) await stream.writeSSE({ event: event.type as string, data: JSON.stringify(event) });
      });
    });
    return new Promise((resolve) => serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => resolve(info.port)));
  }
  const store = kind === "host-file" ? fileStore({ dir: process.argv[3] ?? ".agent-host-bench" }) : kind === "host-nostore" ? noStore() : memoryStore();
  const host = createAgentHost({ target: echoAgent(), channels: [responsesChannel()], store, logger: silentLogger });
  return (await host.serve({ port: 0 })).port;
}

const port = await start();
process.on("message", (message) => {
  if (message === "cpu") process.send?.({ cpu: process.cpuUsage(), memory: process.memoryUsage().rss });
});
process.stdout.write(`ready ${port}\n`);
process.once("SIGTERM", () => process.exit(0)); // lets --cpu-prof write its profile
