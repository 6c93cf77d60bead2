// The host's app shell: health probes, JSON 404, body limit, host middleware on every channel,
// mount roots, duplicate channel names, and a run hook that rewrites or rejects requests.
import { describe, expect, it } from "vitest";
import { Hono } from "hono";
import { createAgentHost, echoAgent, memoryStore, silentLogger, type Channel } from "../../src/index.ts";
import { jsonChannel } from "./_json-channel.ts";

const post = (path: string, body: unknown) =>
  new Request(`http://host${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("host app", () => {
  const makeHost = (options: Partial<Parameters<typeof createAgentHost>[0]> = {}) =>
    createAgentHost({ target: echoAgent(), channels: [jsonChannel()], store: memoryStore(), logger: silentLogger, ...options });

  it("answers health probes and renders unknown routes as JSON 404", async () => {
    const host = makeHost();
    expect(await (await host.app.request("/healthz")).json()).toEqual({ status: "ok" });
    expect((await host.app.request("/readiness")).status).toBe(200);
    const missing = await host.app.request("/nope");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { type: "not_found" } });
    await host.close();
  });

  it("runs a channel turn through the target", async () => {
    const host = makeHost();
    const response = await host.app.request(post("/json/chat", { text: "hello there" }));
    expect(await response.json()).toMatchObject({ text: "You said: hello there", status: "completed" });
    await host.close();
  });

  it("refuses an oversize body with 413 JSON before any channel sees it", async () => {
    const host = makeHost({ maxBodyBytes: 100 });
    const response = await host.app.request(post("/json/chat", { text: "x".repeat(500) }));
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: "body_too_large" } });
    await host.close();
  });

  it("applies host middleware to every channel route", async () => {
    const seen: string[] = [];
    const host = makeHost({
      channels: [jsonChannel(), jsonChannel({ name: "other", path: "/other" })],
      middleware: [async (c, next) => { seen.push(c.req.path); await next(); c.header("x-host", "yes"); }],
    });
    const first = await host.app.request(post("/json/chat", { text: "a" }));
    const second = await host.app.request(post("/other/chat", { text: "b" }));
    expect(first.headers.get("x-host")).toBe("yes");
    expect(second.headers.get("x-host")).toBe("yes");
    expect(seen).toEqual(["/json/chat", "/other/chat"]);
    await host.close();
  });

  it("keeps a channel's own middleware on its routes, even when it is mounted at /", async () => {
    const locked: Channel = {
      name: "locked",
      path: "/",
      contribute: () => ({
        routes: new Hono().get("/.well-known/card.json", (c) => c.json({ card: true })),
        middleware: [async (c) => c.json({ error: "locked" }, 401)],
      }),
    };
    const host = makeHost({ channels: [locked, jsonChannel()] });
    expect((await host.app.request("/.well-known/card.json")).status).toBe(401);
    expect((await host.app.request("/healthz")).status).toBe(200);
    expect((await host.app.request(post("/json/chat", { text: "a" }))).status).toBe(200);
    expect((await host.app.request("/nope")).status).toBe(404);
    await host.close();
  });

  it("moves a channel with its path option", async () => {
    const host = makeHost({ channels: [jsonChannel({ path: "/public/json/" })] });
    expect((await host.app.request(post("/public/json/chat", { text: "a" }))).status).toBe(200);
    expect((await host.app.request(post("/json/chat", { text: "a" }))).status).toBe(404);
    await host.close();
  });

  it("rejects two channels with the same name", () => {
    expect(() => makeHost({ channels: [jsonChannel(), jsonChannel({ path: "/x" })] })).toThrow(/configured twice/);
  });

  it("lets a run hook rewrite the request and turns a thrown hook error into 422", async () => {
    const host = makeHost({
      channels: [
        jsonChannel({ runHook: (request) => ({ ...request, input: `${String(request.input)}!` }) }),
        jsonChannel({ name: "strict", path: "/strict", runHook: () => { throw new Error("prompt too short"); } }),
      ],
    });
    expect(await (await host.app.request(post("/json/chat", { text: "hi" }))).json()).toMatchObject({ text: "You said: hi!" });
    const rejected = await host.app.request(post("/strict/chat", { text: "hi" }));
    expect(rejected.status).toBe(422);
    expect(await rejected.json()).toMatchObject({ code: "request_rejected", error: expect.stringContaining("prompt too short") });
    await host.close();
  });
});
