// Smoke test of the wiring in src/host.ts: the host answers its health probe and every channel answers
// a first request. It uses the memory store, so nothing is written to disk, and needs no network.
import { memoryStore, silentLogger } from "agent-host";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createHost } from "../src/host.ts";

// The channels read their bearer key from AGENT_HOST_API_KEY; keep them open for this test.
vi.stubEnv("AGENT_HOST_API_KEY", "");
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
});
