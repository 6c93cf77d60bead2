// Smoke test of the wiring in src/host.ts: the host answers its health probe and every channel answers
// a first request. It uses the memory store, so nothing is written to disk, and needs no network.
import { inProcessRunner, memoryStore, silentLogger } from "agent-host";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createHost } from "../src/host.ts";

// The channels read their bearer key from AGENT_HOST_API_KEY; keep them open for this test.
vi.stubEnv("AGENT_HOST_API_KEY", "");
const host = createHost({}, { store: memoryStore(), logger: silentLogger, runner: inProcessRunner() });
afterAll(() => host.close({ timeoutMs: 2000 }));

function send(method: string, path: string, init: { headers?: Record<string, string>; body?: unknown } = {}): Promise<Response> {
  const headers = { "content-type": "application/json", ...init.headers };
  const body = init.body === undefined ? undefined : JSON.stringify(init.body);
  return host.fetch(new Request(`http://localhost${path}`, { method, headers, body }));
}

describe("host", () => {
  it("answers GET /healthz", async () => {
    const response = await host.fetch(new Request("http://localhost/healthz"));
    expect(response.status).toBe(200);
  });

  it("a2a: POST /a2a SendMessage (A2A-Version 1.0) answers 200", async () => {
    const response = await send("POST", "/a2a", { headers: { "A2A-Version": "1.0" }, body: { jsonrpc: "2.0", id: 1, method: "SendMessage", params: {"message":{"messageId":"m1","role":"ROLE_USER","parts":[{"text":"Hello!"}]}} } });
    expect(response.status, await response.clone().text()).toBe(200);
  });
});
