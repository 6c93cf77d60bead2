// Limits the host enforces whatever the channel: WebSocket frames capped at maxBodyBytes (close 1009),
// store-key errors answered 400 rather than 500, and log lines bounded however long the value.
import { Hono } from "hono";
import { describe, expect, it, onTestFinished } from "vitest";
import { WebSocket } from "ws";
import { createAgentHost, echoAgent, memoryStore, type Channel, type Logger } from "../../src/index.ts";

/** A channel with one WebSocket route that counts the frames it was handed, and routes that misuse the store. */
function probeChannel(received: string[]): Channel {
  return {
    name: "probe",
    path: "/probe",
    contribute: (ctx) => {
      const app = new Hono();
      const onMessage = (event: { data: unknown }, ws: { send(data: string): void }) => {
        received.push(String(event.data));
        ws.send("ok");
      };
      app.get("/ws", ctx.upgradeWebSocket(() => ({ onMessage })));
      app.get("/key/:key", async (c) => c.json({ found: Boolean(await ctx.store.get("probe", c.req.param("key"))) }));
      app.post("/key", async (c) => c.json({ found: Boolean(await ctx.store.get("probe", (await c.req.json<{ key: string }>()).key)) }));
      app.get("/boom", () => {
        throw new Error(`boom ${"x".repeat(900_000)}`);
      });
      return { routes: app };
    },
  };
}

function capturingLogger(lines: string[]): Logger {
  const capture = (message: string, fields?: Record<string, unknown>) => void lines.push(`${message} ${JSON.stringify(fields ?? {})}`);
  return { info: capture, warn: capture, error: capture };
}

async function serveProbe(options: { maxBodyBytes?: number } = {}) {
  const received: string[] = [];
  const lines: string[] = [];
  const host = createAgentHost({ target: echoAgent(), channels: [probeChannel(received)], store: memoryStore(), logger: capturingLogger(lines), ...options });
  const { url } = await host.serve({ port: 0 });
  onTestFinished(() => host.close({ timeoutMs: 1000 }));
  return { url, received, lines };
}

async function openSocket(url: string) {
  const socket = new WebSocket(url);
  const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
  const replies: string[] = [];
  socket.on("message", (data) => replies.push(String(data)));
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  return { socket, closed, replies };
}

describe("WebSocket frames", () => {
  it("takes a frame of maxBodyBytes and closes with 1009 on one byte more, handing the channel nothing", async () => {
    const { url, received } = await serveProbe({ maxBodyBytes: 4096 });
    const wsUrl = `${url.replace("http", "ws")}/probe/ws`;
    const fits = await openSocket(wsUrl);
    fits.socket.send("a".repeat(4096));
    await expect.poll(() => fits.replies).toEqual(["ok"]);
    fits.socket.close();

    const over = await openSocket(wsUrl);
    over.socket.send("b".repeat(4097));
    expect(await over.closed).toBe(1009);
    expect(received.map((frame) => frame.length)).toEqual([4096]);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it("uses the default 1 MiB body limit for frames too", async () => {
    const { url, received } = await serveProbe();
    const over = await openSocket(`${url.replace("http", "ws")}/probe/ws`);
    over.socket.send("c".repeat(1024 * 1024 + 1));
    expect(await over.closed).toBe(1009);
    expect(received).toEqual([]);
  });
});

describe("store-key errors and log lines", () => {
  it("answers a key no store can keep with 400, in a bounded message", async () => {
    const { url, lines } = await serveProbe();
    for (const response of [await fetch(`${url}/probe/key/${"k".repeat(600)}`), await fetch(`${url}/probe/key`, { method: "POST", body: JSON.stringify({ key: "k".repeat(900_000) }) })]) {
      expect(response.status).toBe(400);
      const { error } = (await response.json()) as { error: { message: string; code: string } };
      expect(error.code).toBe("invalid_id");
      expect(error.message.length).toBeLessThan(500);
    }
    expect(lines).toEqual([]);
  });

  it("bounds what it logs of a 900 KB error", async () => {
    const { url, lines } = await serveProbe();
    expect((await fetch(`${url}/probe/boom`)).status).toBe(500);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("boom xxx");
    expect(lines[0]!.length).toBeLessThan(2_000);
  });
});
