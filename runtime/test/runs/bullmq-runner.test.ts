// The BullMQ runner passes the runner conformance suite (two replicas included) against real Redis,
// retries a throwing executor with backoff, records a run failed when attempts run out, and serves
// an ephemeral host: it enqueues, a long-running host's worker executes, either one polls.
import { Queue } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { createAgentHost, echoAgent, memoryStore, silentLogger, type ContinuationToken, type RunAttempt } from "../../src/index.ts";
import { bullmqRunner, type BullmqRunnerOptions } from "../../src/runs/bullmq-runner.ts";
import { requireService } from "../../src/testing/require-service.ts";
import { describeTaskRunnerConformance } from "../../src/testing/runner-conformance.ts";
import { jsonChannel } from "../host/_json-channel.ts";
import { probeRedis, REDIS_URL, runId } from "../stores/_services.ts";

const available = await requireService("Redis", probeRedis);
const run = runId();
const queues: string[] = [];
const settings = new WeakMap<object, BullmqRunnerOptions>();

function freshRunner(overrides: Partial<BullmqRunnerOptions> = {}) {
  const options: BullmqRunnerOptions = { connection: REDIS_URL, queueName: `agent-host-test-${run}-${queues.length}`, backoff: 10, closeTimeoutMs: 2000, ...overrides };
  queues.push(options.queueName!);
  const runner = bullmqRunner(options);
  settings.set(runner, options);
  return runner;
}

describe.skipIf(!available)("bullmqRunner", () => {
  afterAll(async () => {
    for (const name of queues) {
      const queue = new Queue(name, { connection: { url: REDIS_URL } });
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  describeTaskRunnerConformance("bullmq", () => freshRunner(), { peer: (runner) => bullmqRunner(settings.get(runner)!) });

  it("retries a throwing executor with backoff, telling it the attempt", async () => {
    const runner = freshRunner({ attempts: 3 });
    const seen: RunAttempt[] = [];
    await runner.start(async (_token, _signal, attempt) => {
      seen.push(attempt!);
      if (seen.length < 3) throw new Error(`flaky ${seen.length}`);
    });
    await runner.enqueue("flaky");
    await runner.drain();
    expect(seen).toEqual([{ attempt: 1 }, { attempt: 2 }, { attempt: 3 }]);
    await runner.close();
  });

  it("asks the executor to record the run failed once attempts run out", async () => {
    const runner = freshRunner({ attempts: 2 });
    const seen: RunAttempt[] = [];
    await runner.start(async (_token, _signal, attempt) => {
      seen.push(attempt!);
      if (!attempt?.giveUp) throw new Error("store unreachable");
    });
    await runner.enqueue("doomed");
    await runner.drain();
    expect(seen).toEqual([{ attempt: 1 }, { attempt: 2 }, { attempt: 2, giveUp: "The run failed 2 times: store unreachable" }]);
    await runner.close();
  });

  it("drops a queued run no worker took yet; a second cancel finds nothing", async () => {
    const producer = freshRunner();
    await producer.start(async () => {}, { execute: false });
    await producer.enqueue("parked");
    expect(await producer.cancel("parked")).toBe(true);
    expect(await producer.cancel("parked")).toBe(false);
    await producer.drain();
    await producer.close();
  });

  it("ephemeral host: enqueues without executing; a long-running host's worker runs it; both poll it", async () => {
    const store = memoryStore();
    const queueName = `agent-host-test-${run}-hosts`;
    queues.push(queueName);
    const runner = () => bullmqRunner({ connection: REDIS_URL, queueName, backoff: 10 });
    const edge = createAgentHost({ target: echoAgent(), channels: [jsonChannel()], store, runner: runner(), mode: "ephemeral", logger: silentLogger });
    const post = (body: unknown) =>
      new Request("http://edge/json/chat", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const queued = (await (await edge.fetch(post({ text: "later", background: true }))).json()) as ContinuationToken;
    expect(queued.status).toBe("queued");
    expect((await edge.getContinuation(queued.token))?.status).toBe("queued"); // nothing executed it inline

    const worker = createAgentHost({ target: echoAgent(), channels: [jsonChannel()], store, runner: runner(), logger: silentLogger });
    const served = await worker.serve({ port: 0 });
    let polled: ContinuationToken | undefined;
    for (let i = 0; i < 200 && polled?.status !== "completed"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      polled = (await (await edge.fetch(new Request(`http://edge/json/runs/${queued.token}`))).json()) as ContinuationToken;
    }
    expect(polled).toMatchObject({ status: "completed", attempts: 1, result: { text: "You said: later" } });
    const viaWorker = (await (await fetch(`${served.url}/json/runs/${queued.token}`)).json()) as ContinuationToken;
    expect(viaWorker.status).toBe("completed");
    await worker.close();
    await edge.close();
  });
});
