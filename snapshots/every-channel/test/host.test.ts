// Smoke test of the wiring in src/host.ts: the host answers its health probe and every channel answers
// a first request. It uses the memory store, so nothing is written to disk, and needs no network.
import { memoryStore, silentLogger } from "agent-host";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createHost } from "../src/host.ts";

// The channels read their bearer key from AGENT_HOST_API_KEY; keep them open for this test.
vi.stubEnv("AGENT_HOST_API_KEY", "");
// Placeholder credentials, so every channel starts configured; no request below reaches a platform.
vi.stubEnv("TELEGRAM_BOT_TOKEN", "123456789:TEST-token");
vi.stubEnv("TELEGRAM_WEBHOOK_SECRET", "smoke-test-secret");
vi.stubEnv("DISCORD_PUBLIC_KEY", "0000000000000000000000000000000000000000000000000000000000000000");
vi.stubEnv("DISCORD_APPLICATION_ID", "123456789012345678");
vi.stubEnv("DISCORD_BOT_TOKEN", "probe-bot-token");
vi.stubEnv("WHATSAPP_ACCESS_TOKEN", "probe-token");
vi.stubEnv("WHATSAPP_APP_SECRET", "probe-secret");
vi.stubEnv("WHATSAPP_VERIFY_TOKEN", "probe-verify-token");
vi.stubEnv("MICROSOFT_APP_ID", "00000000-0000-0000-0000-000000000001");
vi.stubEnv("MICROSOFT_APP_PASSWORD", "placeholder");
vi.stubEnv("MICROSOFT_APP_TENANT_ID", "00000000-0000-0000-0000-000000000002");
vi.stubEnv("CLIENT_ID", "00000000-0000-0000-0000-000000000001");
vi.stubEnv("CLIENT_SECRET", "placeholder");
vi.stubEnv("TENANT_ID", "00000000-0000-0000-0000-000000000002");
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

  it("responses: POST /responses/v1/responses answers 200", async () => {
    const response = await send("POST", "/responses/v1/responses", { body: { model: "agent", input: "Hello!" } });
    expect(response.status, await response.clone().text()).toBe(200);
  });

  it("invocations: POST /invocations answers 200", async () => {
    const response = await send("POST", "/invocations", { body: { message: "Hello!" } });
    expect(response.status, await response.clone().text()).toBe(200);
  });

  it("telegram: POST /telegram/webhook without the secret answers 401", async () => {
    const response = await send("POST", "/telegram/webhook", { body: { update_id: 1 } });
    expect(response.status, await response.clone().text()).toBe(401);
  });

  it("discord: POST /discord/interactions without a signature answers 401", async () => {
    const response = await send("POST", "/discord/interactions", { body: { type: 1 } });
    expect(response.status, await response.clone().text()).toBe(401);
  });

  it("whatsapp: GET /whatsapp/webhook completes the verification handshake (200)", async () => {
    const response = await send("GET", "/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=probe-verify-token&hub.challenge=1158201444");
    expect(response.status, await response.clone().text()).toBe(200);
  });

  it("activity: POST /api/messages without a Bot Service token answers 401", async () => {
    const response = await send("POST", "/api/messages", { body: { type: "message", text: "hi" } });
    expect(response.status, await response.clone().text()).toBe(401);
  });

  it("teams: POST /teams/api/messages without a token answers 401", async () => {
    const response = await send("POST", "/teams/api/messages", { body: { type: "message", text: "hi" } });
    expect(response.status, await response.clone().text()).toBe(401);
  });

  it("a2a: POST /a2a SendMessage (A2A-Version 1.0) answers 200", async () => {
    const response = await send("POST", "/a2a", { headers: { "A2A-Version": "1.0" }, body: { jsonrpc: "2.0", id: 1, method: "SendMessage", params: {"message":{"messageId":"m1","role":"ROLE_USER","parts":[{"text":"Hello!"}]}} } });
    expect(response.status, await response.clone().text()).toBe(200);
  });

  it("mcp: POST /mcp calls the ask tool (200)", async () => {
    const response = await send("POST", "/mcp", { headers: { accept: "application/json, text/event-stream" }, body: { jsonrpc: "2.0", id: 1, method: "tools/call", params: {"name":"ask","arguments":{"prompt":"Hello!"}} } });
    expect(response.status, await response.clone().text()).toBe(200);
  });
});
