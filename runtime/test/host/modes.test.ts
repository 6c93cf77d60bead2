// Runtime modes: `ephemeral` serves through fetch with no timers left behind and finishes
// background work inside the invocation; `long_running` serves on a real port.
import { describe, expect, it } from "vitest";
import { createAgentHost, echoAgent, memoryStore, silentLogger, type ContinuationToken } from "../../src/index.ts";
import { jsonChannel } from "./_json-channel.ts";

const timers = () => process.getActiveResourcesInfo().filter((name) => name === "Timeout" || name === "Immediate").length;
const post = (body: unknown) =>
  new Request("http://host/json/chat", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("runtime modes", () => {
  it("ephemeral: a fetch handler that finishes background runs in the invocation and leaves no timers", async () => {
    const store = memoryStore();
    const host = createAgentHost({ target: echoAgent(), channels: [jsonChannel()], store, mode: "ephemeral", logger: silentLogger });
    const before = timers();
    const answer = await host.fetch(post({ text: "hi" }));
    expect(await answer.json()).toMatchObject({ text: "You said: hi" });
    const queued = (await (await host.fetch(post({ text: "in the background", background: true }))).json()) as ContinuationToken;
    expect(queued.status).toBe("queued");
    const polled = (await (await host.fetch(new Request(`http://host/json/runs/${queued.token}`))).json()) as ContinuationToken;
    expect(polled).toMatchObject({ status: "completed", result: { text: "You said: in the background" } });
    expect(timers()).toBe(before);
    await expect(host.serve()).rejects.toThrow(/long_running/);
  });

  it("ephemeral: hands background work to the platform's waitUntil when there is one", async () => {
    const host = createAgentHost({ target: echoAgent(), channels: [jsonChannel()], store: memoryStore(), mode: "ephemeral", logger: silentLogger });
    const pending: Promise<unknown>[] = [];
    const response = await host.fetch(post({ text: "later", background: true }), {}, { waitUntil: (p) => pending.push(p) });
    expect(response.status).toBe(202);
    expect(pending).toHaveLength(1);
    await Promise.all(pending);
    const { token } = (await response.json()) as ContinuationToken;
    expect((await host.getContinuation(token))?.status).toBe("completed");
  });

  it("long_running: serves every channel on one real port and closes cleanly", async () => {
    const host = createAgentHost({ target: echoAgent(), channels: [jsonChannel()], store: memoryStore(), logger: silentLogger });
    const served = await host.serve({ port: 0 });
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${served.url}/json/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: "over the wire" }) });
    expect(await response.json()).toMatchObject({ text: "You said: over the wire" });
    await host.close();
    await expect(fetch(`${served.url}/healthz`)).rejects.toThrow();
  });
});
