// Two host processes on different ports share PostgreSQL and a BullMQ queue: sessions, background runs,
// pushes, identity links and last-seen work across them, and killing one mid-run loses no run.
import { Queue } from "bullmq";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireService } from "agent-host/testing";
import { DATABASE_URL, dropSchema, probePostgres, probeRedis, REDIS_URL, runId } from "../runtime/test/stores/_services.ts";
import { startHostProcess, startSink, stopHostProcess, type HostProcess, type Sink } from "./_multi-host-processes.ts";

const available = (await requireService("PostgreSQL", probePostgres)) && (await requireService("Redis", probeRedis));
const id = runId();
const schema = `agent_host_multi_${id}`;
const queueName = `agent-host-multi-${id}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!available)("several hosts on one PostgreSQL store and one BullMQ queue", () => {
  let a: HostProcess;
  let b: HostProcess;
  let sink: Sink;
  const client = (host: HostProcess) => new OpenAI({ apiKey: "test", baseURL: `${host.url}/responses/v1`, maxRetries: 0 });
  const call = async <T>(host: HostProcess, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${host.url}${path}`, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as T };
  };
  /** Polls a response on `host` until it is neither queued nor in progress. */
  const settled = async (host: HostProcess, responseId: string) => {
    for (let i = 0; i < 400; i++) {
      const response = await client(host).responses.retrieve(responseId);
      if (response.status !== "queued" && response.status !== "in_progress") return response;
      await sleep(25);
    }
    throw new Error(`Response ${responseId} did not finish on ${host.name}.`);
  };

  beforeAll(async () => {
    sink = await startSink();
    const settings = (name: string) => ({ name, databaseUrl: DATABASE_URL, schema, redisUrl: REDIS_URL, queueName, sinkUrl: sink.url });
    [a, b] = await Promise.all([startHostProcess(settings("host-a")), startHostProcess(settings("host-b"))]);
  }, 20_000);

  afterAll(async () => {
    await Promise.all([a, b].filter(Boolean).map(stopHostProcess));
    await sink?.close();
    const queue = new Queue(queueName, { connection: { url: REDIS_URL } });
    await queue.obliterate({ force: true });
    await queue.close();
    await dropSchema(schema);
  }, 20_000);

  it("continues on host B a session started on host A", async () => {
    const first = await client(a).responses.create({ model: "echo", input: "hello from A" });
    expect(first.output_text).toBe("You said: hello from A");
    const second = await client(b).responses.create({ model: "echo", input: "and B", previous_response_id: first.id });
    expect(second.output_text).toBe("You said: and B (message 2 in this conversation)");
  });

  it("polls on host B a background run started on host A", async () => {
    const queued = await client(a).responses.create({ model: "echo", input: "in the background", background: true });
    expect(queued.status).toBe("queued");
    const done = await settled(b, queued.id);
    expect(done.status).toBe("completed");
    expect(done.output_text).toBe("You said: in the background");
  });

  it("pushes the result of a run started on host A exactly once, whichever host executes it", async () => {
    const target = { kind: "identities", identities: [{ channel: "pager", nativeId: "pager-1", attributes: {} }] };
    const started = await call<{ token: string }>(a, "/web/chat", { user: "web-1", text: "push me once", target });
    expect(started.status).toBe(202);
    for (let i = 0; i < 200 && (await call<{ status: string } | null>(b, `/admin/runs/${started.body.token}`)).body?.status !== "completed"; i++) await sleep(20);
    await sleep(300); // room for a second, wrong push to arrive
    const pushes = sink.pushes.filter((push) => push.text === "You said: push me once");
    expect(pushes).toHaveLength(1);
    expect(pushes[0]).toMatchObject({ channel: "pager", nativeId: "pager-1" });
  });

  it("links identities on one host and both hosts agree on the links and the last-seen channel", async () => {
    const challenge = await call<{ code: string }>(a, "/admin/link/begin", { channel: "pager", nativeId: "pager-2", attributes: {} });
    const linked = await call<{ isolationKey: string }>(b, "/admin/link/complete", {
      identity: { channel: "web", nativeId: "web-2", attributes: {} },
      code: challenge.body.code,
    });
    const key = linked.body.isolationKey;
    for (const host of [a, b]) {
      expect((await call<{ isolationKey: string }>(host, "/admin/identity/pager/pager-2")).body.isolationKey).toBe(key);
      expect((await call<{ isolationKey: string }>(host, "/admin/identity/web/web-2")).body.isolationKey).toBe(key);
    }
    await call(a, "/pager/chat", { user: "pager-2", text: "one" });
    await sleep(5);
    await call(b, "/web/chat", { user: "web-2", text: "two" });
    await sleep(5);
    await call(a, "/pager/chat", { user: "pager-2", text: "three" });
    for (const host of [a, b]) {
      expect((await call<{ channel: string }>(host, `/admin/active/${key}`)).body.channel).toBe("pager");
    }
  });

  it("retries a run on the surviving host when the host executing it is killed", async () => {
    const queued = await client(a).responses.create({ model: "echo", input: "/slow", background: true });
    const executing = await Promise.race([a.nextRun().then(() => a), b.nextRun().then(() => b)]);
    executing.child.kill("SIGKILL");
    await executing.exited;
    const survivor = executing === a ? b : a;
    const done = await settled(survivor, queued.id);
    expect(done.status).toBe("completed");
    expect(done.output_text).toBe("You said: /slow");
    const run = await call<{ attempts: number }>(survivor, `/admin/runs/${queued.id}`);
    expect(run.body.attempts).toBe(2);
  }, 15_000);
});
