// Background runs: queued → running → completed through the runner, cancel wins over completion,
// failures are recorded, close() drains, and a restart requeues or fails what was left — never loses it.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  createAgentHost, createChannelRequest, echoAgent, fileStore, inProcessRunner, memoryStore, silentLogger,
  type ContinuationToken, type HostStateStore,
} from "../../src/index.ts";
import { CONTINUATION_NAMESPACE } from "../../src/runs/continuations.ts";
import { jsonChannel } from "./_json-channel.ts";

const request = (input: string) => createChannelRequest({ channel: "host", input });

async function until(read: () => Promise<ContinuationToken | undefined>, done: (r: ContinuationToken) => boolean): Promise<ContinuationToken> {
  for (let i = 0; i < 200; i++) {
    const record = await read();
    if (record && done(record)) return record;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("continuation did not reach the expected state");
}

const final = (r: ContinuationToken) => ["completed", "failed", "cancelled"].includes(r.status);

describe("background runs", () => {
  const makeHost = (store: HostStateStore = memoryStore(), delayMs = 0) =>
    createAgentHost({ target: echoAgent({ delayMs }), channels: [jsonChannel()], store, logger: silentLogger, runner: inProcessRunner({ concurrency: 2 }) });

  it("returns a queued token at once and completes it in the background", async () => {
    const host = makeHost();
    const token = await host.runInBackground(request("later please"));
    expect(token.status).toBe("queued");
    expect(token.token).toMatch(/^run_[A-Za-z0-9_-]+$/);
    const done = await until(() => host.getContinuation(token.token), final);
    expect(done).toMatchObject({ status: "completed", attempts: 1, result: { text: "You said: later please" } });
    expect(done.completedAt).toBeDefined();
    await host.close();
  });

  it("records a failed run with its error", async () => {
    const host = makeHost();
    const token = await host.runInBackground(request("/fail now"));
    const done = await until(() => host.getContinuation(token.token), final);
    expect(done.status).toBe("failed");
    expect(done.error?.code).toBe("echo_failure");
    await host.close();
  });

  it("cancels a running run; the cancel is final and idempotent", async () => {
    let ctx!: Parameters<NonNullable<Parameters<typeof jsonChannel>[0]>["onContext"] & {}>[0];
    const host = createAgentHost({
      target: echoAgent({ delayMs: 50 }), store: memoryStore(), logger: silentLogger,
      channels: [jsonChannel({ onContext: (c) => (ctx = c) })],
    });
    const token = await ctx.runInBackground(createChannelRequest({ channel: "json", input: "a b c d e f g h i j k l" }));
    await until(() => ctx.getContinuation(token.token), (r) => r.status === "running");
    expect((await ctx.cancelContinuation(token.token))?.status).toBe("cancelled");
    expect((await ctx.cancelContinuation(token.token))?.status).toBe("cancelled");
    await new Promise((resolve) => setTimeout(resolve, 120)); // the aborted run must not overwrite the cancel
    expect((await ctx.getContinuation(token.token))?.status).toBe("cancelled");
    await host.close();
  });

  it("close() waits for in-flight runs to finish, and the file store keeps their results", async () => {
    const dir = await mkdtemp(join(tmpdir(), "agent-host-close-"));
    const host = makeHost(fileStore({ dir }), 5);
    const token = await host.runInBackground(request("one two three four"));
    await host.close();
    const reopened = fileStore({ dir });
    const record = await reopened.get<ContinuationToken>(CONTINUATION_NAMESPACE, token.token);
    expect(record?.value).toMatchObject({ status: "completed", result: { text: "You said: one two three four" } });
    await reopened.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("after a restart, requeues queued runs and fails interrupted ones with a clear reason", async () => {
    const store = memoryStore();
    const now = new Date().toISOString();
    const base = { channel: "host", responseTarget: { kind: "originating" as const }, createdAt: now, updatedAt: now, attempts: 0 };
    await store.set(CONTINUATION_NAMESPACE, "run_left_queued", { ...base, token: "run_left_queued", status: "queued", request: request("resume me") });
    await store.set(CONTINUATION_NAMESPACE, "run_was_running", { ...base, token: "run_was_running", status: "running", attempts: 1, request: request("x") });
    const host = makeHost(store);
    await host.app.request("/healthz"); // the first request starts the host
    const resumed = await until(() => host.getContinuation("run_left_queued"), final);
    expect(resumed).toMatchObject({ status: "completed", result: { text: "You said: resume me" } });
    expect(await host.getContinuation("run_was_running")).toMatchObject({ status: "failed", error: { code: "interrupted" } });
    await host.close();
  });

  it("bounds concurrency and runs every queued task", async () => {
    const host = makeHost(memoryStore(), 2);
    const tokens = await Promise.all(Array.from({ length: 7 }, (_, i) => host.runInBackground(request(`job ${i}`))));
    const results = await Promise.all(tokens.map((t) => until(() => host.getContinuation(t.token), final)));
    expect(results.map((r) => r.result?.text)).toEqual(tokens.map((_, i) => `You said: job ${i}`));
    await host.close();
  });
});
