// Measurement helpers for bench/stores.ts: run one store operation from N concurrent workers for a
// fixed time and report operations per second; and the background-run throughput of a runner.
import { performance } from "node:perf_hooks";
import { createAgentHost, createChannelRequest, echoAgent, memoryStore, silentLogger, type HostStateStore, type TaskRunner } from "agent-host";

export const NS = "bench";
export const RECORDS = 1000;
export const keyOf = (n: number) => `k${String(n).padStart(4, "0")}`;
const VALUE = { channel: "telegram", nativeId: "123456789", isolationKey: "ik_0123456789abcdef", createdAt: new Date(0).toISOString() };

/** Writes the records the operations read. */
export async function fill(store: HostStateStore): Promise<void> {
  for (let n = 0; n < RECORDS; n++) await store.set(NS, keyOf(n), { ...VALUE, n });
}

/** Calls `op(worker, i)` from `concurrency` workers for `ms` milliseconds; resolves operations per second. */
export async function opsPerSecond(ms: number, concurrency: number, op: (worker: number, i: number) => Promise<unknown>): Promise<number> {
  let done = 0;
  const start = performance.now();
  const until = start + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = 0; performance.now() < until; i++) {
        await op(worker, i);
        done++;
      }
    }),
  );
  return done / ((performance.now() - start) / 1000);
}

/** The three figures for one store: random get, compare-and-set writes (one key per worker), prefix list of 20. */
export async function measureStore(store: HostStateStore, ms: number, concurrency: number) {
  await fill(store);
  const get = await opsPerSecond(ms, concurrency, (_, i) => store.get(NS, keyOf((i * 7919) % RECORDS)));
  const versions = new Map<number, number>();
  const cas = await opsPerSecond(ms, concurrency, async (worker, i) => {
    const written = await store.set(NS, `cas-${worker}`, { ...VALUE, n: i }, { ifVersion: versions.get(worker) ?? 0 });
    versions.set(worker, written.version);
  });
  const list = await opsPerSecond(ms, concurrency, (_, i) => store.list(NS, { prefix: `k0${i % 10}`, limit: 20 }));
  return { get, cas, list };
}

/** Background runs per second through a host with this runner (echo agent, memory store): queue `runs`, wait for all. */
export async function runThroughput(runner: TaskRunner, runs: number): Promise<number> {
  const store = memoryStore();
  const host = createAgentHost({ target: echoAgent(), channels: [], store, runner, logger: silentLogger });
  const request = (n: number) => createChannelRequest({ channel: "bench", input: `run ${n}`, sessionMode: "disabled" });
  await host.runInBackground(request(-1)); // warm-up, and starts the runner
  await runner.drain();
  const start = performance.now();
  const tokens = [];
  for (let n = 0; n < runs; n++) tokens.push((await host.runInBackground(request(n))).token);
  await runner.drain();
  const seconds = (performance.now() - start) / 1000;
  for (const token of tokens) {
    const status = (await host.getContinuation(token))?.status;
    if (status !== "completed") throw new Error(`Run ${token} ended ${status}, not completed: the bench would be wrong.`);
  }
  await host.close();
  return runs / seconds;
}
