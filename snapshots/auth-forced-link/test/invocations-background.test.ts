// Long-running invocations (background: true → 202, poll, cancel) and the optional bearer key,
// tested over real HTTP against a host with the echo agent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgentHost, echoAgent, memoryStore, silentLogger } from "agent-host";
import { invocationsChannel } from "../src/channels/invocations.ts";
import { pollUntilDone, postJson, startHost, type TestHost } from "./invocations-helpers.ts";

let server: TestHost;
let slow: TestHost;
beforeAll(async () => {
  server = await startHost();
  slow = await startHost({}, echoAgent({ delayMs: 200 }));
});
afterAll(async () => {
  await server.close();
  await slow.close();
});

describe("background: true", () => {
  it("answers 202 with an invocation id, then completes when polled", async () => {
    const started = await postJson(`${server.url}/invocations`, { message: "take your time", background: true });
    expect(started.status).toBe(202);
    const body = (await started.json()) as { invocation_id: string; status: string; session_id: string };
    expect(body).toEqual({ invocation_id: expect.any(String), status: "running", session_id: expect.any(String) });
    expect(started.headers.get("x-agent-invocation-id")).toBe(body.invocation_id);
    expect(started.headers.get("x-agent-session-id")).toBe(body.session_id);

    expect(await pollUntilDone(`${server.url}/invocations/${body.invocation_id}`)).toEqual({
      invocation_id: body.invocation_id,
      status: "completed",
      session_id: body.session_id,
      response: "You said: take your time",
    });
    // The background turn belongs to the conversation like any other.
    const next = await postJson(`${server.url}/invocations?agent_session_id=${body.session_id}`, { message: "and now?" });
    expect(await next.json()).toEqual({ response: "You said: and now? (message 2 in this conversation)" });
  });

  it("uses the caller's x-agent-invocation-id as the invocation id, once", async () => {
    const id = `inv-${Date.now()}`;
    const started = await postJson(`${server.url}/invocations`, { message: "mine", background: true }, { "x-agent-invocation-id": id });
    expect(((await started.json()) as { invocation_id: string }).invocation_id).toBe(id);
    expect((await pollUntilDone(`${server.url}/invocations/${id}`)).status).toBe("completed");

    const again = await postJson(`${server.url}/invocations`, { message: "mine", background: true }, { "x-agent-invocation-id": id });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ error: expect.stringContaining("already in use") });
  });

  it("reports a failed run as failed with its error", async () => {
    const started = await postJson(`${server.url}/invocations`, { message: "/fail", background: true });
    const { invocation_id } = (await started.json()) as { invocation_id: string };
    expect(await pollUntilDone(`${server.url}/invocations/${invocation_id}`)).toMatchObject({
      status: "failed",
      error: "The echo agent was asked to fail.",
    });
  });

  it("cancels a running invocation, idempotently", async () => {
    const started = await postJson(`${slow.url}/invocations`, { message: "one two three four five six", background: true });
    const { invocation_id } = (await started.json()) as { invocation_id: string };
    const cancel = () => fetch(`${slow.url}/invocations/${invocation_id}/cancel`, { method: "POST" });

    const first = await cancel();
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ invocation_id, status: "cancelled" });
    expect(await (await cancel()).json()).toMatchObject({ invocation_id, status: "cancelled" });
    expect(await (await fetch(`${slow.url}/invocations/${invocation_id}`)).json()).toMatchObject({ status: "cancelled" });
  });

  it("keeps the final status of a finished invocation on cancel", async () => {
    const started = await postJson(`${server.url}/invocations`, { message: "done already", background: true });
    const { invocation_id } = (await started.json()) as { invocation_id: string };
    await pollUntilDone(`${server.url}/invocations/${invocation_id}`);
    const cancelled = await fetch(`${server.url}/invocations/${invocation_id}/cancel`, { method: "POST" });
    expect(await cancelled.json()).toMatchObject({ status: "completed", response: "You said: done already" });
  });

  it("answers 404 { error } for an unknown invocation", async () => {
    for (const response of [
      await fetch(`${server.url}/invocations/run_unknown`),
      await fetch(`${server.url}/invocations/run_unknown/cancel`, { method: "POST" }),
    ]) {
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: expect.stringContaining('No invocation "run_unknown"') });
    }
  });
});

describe("two invocations channels on one host", () => {
  it("each sees only its own invocations", async () => {
    const host = createAgentHost({
      target: echoAgent(),
      channels: [invocationsChannel(), invocationsChannel({ name: "partners", path: "/partners", apiKey: "p4rtner" })],
      store: memoryStore(),
      logger: silentLogger,
    });
    const { url } = await host.serve({ port: 0 });
    try {
      const auth = { authorization: "Bearer p4rtner" };
      const started = await postJson(`${url}/partners`, { message: "private", background: true }, auth);
      const { invocation_id } = (await started.json()) as { invocation_id: string };
      expect((await pollUntilDone(`${url}/partners/${invocation_id}`, auth)).status).toBe("completed");
      expect((await fetch(`${url}/invocations/${invocation_id}`)).status).toBe(404);
      // The second channel's key does not leak onto the first one's routes.
      expect(await (await postJson(`${url}/invocations`, { message: "open" })).json()).toEqual({ response: "You said: open" });
    } finally {
      await host.close({ timeoutMs: 2_000 });
    }
  });
});

describe("apiKey", () => {
  let secured: TestHost;
  beforeAll(async () => (secured = await startHost({ apiKey: "s3cret" })));
  afterAll(() => secured.close());

  it("requires Authorization: Bearer <key> on every invocation route", async () => {
    const attempts = [
      () => postJson(`${secured.url}/invocations`, { message: "hi" }),
      () => postJson(`${secured.url}/invocations/invoke`, { message: "hi" }, { authorization: "Bearer wrong" }),
      () => fetch(`${secured.url}/invocations/run_x`),
      () => fetch(`${secured.url}/invocations/run_x/cancel`, { method: "POST" }),
    ];
    for (const attempt of attempts) {
      const response = await attempt();
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: expect.stringMatching(/API key/) });
    }
    const allowed = await postJson(`${secured.url}/invocations`, { message: "hi" }, { authorization: "Bearer s3cret" });
    expect(await allowed.json()).toEqual({ response: "You said: hi" });
  });

  it("checks the key before reading the body", async () => {
    const response = await fetch(`${secured.url}/invocations`, { method: "POST", body: "{ not json" });
    expect(response.status).toBe(401);
  });

  it("leaves the OpenAPI document public and declares the bearer scheme in it", async () => {
    const response = await fetch(`${secured.url}/invocations/docs/openapi.json`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as { security?: unknown; components: { securitySchemes?: unknown } };
    expect(doc.security).toEqual([{ bearer: [] }]);
    expect(doc.components.securitySchemes).toEqual({ bearer: { type: "http", scheme: "bearer" } });
  });
});
