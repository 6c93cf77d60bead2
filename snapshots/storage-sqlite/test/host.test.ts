// Smoke test of the wiring in src/host.ts: the host answers its health probe and every channel answers
// a first request. It uses the memory store, so nothing is written to disk, and needs no network.
import { memoryStore, silentLogger } from "agent-host";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createHost } from "../src/host.ts";

// The channels read their bearer key from AGENT_HOST_API_KEY; keep them open for this test.
vi.stubEnv("AGENT_HOST_API_KEY", "");
// Placeholder credentials, so every channel starts configured; no request below reaches a platform.
vi.stubEnv("WHATSAPP_ACCESS_TOKEN", "probe-token");
vi.stubEnv("WHATSAPP_APP_SECRET", "probe-secret");
vi.stubEnv("WHATSAPP_VERIFY_TOKEN", "probe-verify-token");
const host = createHost({}, { store: memoryStore(), logger: silentLogger });
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

  it("whatsapp: GET /whatsapp/webhook completes the verification handshake (200)", async () => {
    const response = await send("GET", "/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=probe-verify-token&hub.challenge=1158201444");
    expect(response.status, await response.clone().text()).toBe(200);
  });

  it("mcp: POST /mcp calls the ask tool (200)", async () => {
    const response = await send("POST", "/mcp", { headers: { accept: "application/json, text/event-stream" }, body: { jsonrpc: "2.0", id: 1, method: "tools/call", params: {"name":"ask","arguments":{"prompt":"Hello!"}} } });
    expect(response.status, await response.clone().text()).toBe(200);
  });
});
