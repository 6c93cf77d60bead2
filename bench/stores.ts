// `npm run bench:stores`: get, compare-and-set and prefix-list operations per second on every store, and
// background-run throughput of the BullMQ runner vs the in-process one, as Markdown tables.
// Env: STORES_BENCH_MS (per operation, default 2000), STORES_BENCH_CONCURRENCY (16), STORES_BENCH_RUNS (1000),
// DATABASE_URL, REDIS_URL (services that do not answer are left out, with a note).
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileStore, inProcessRunner, memoryStore, type HostStateStore } from "agent-host";
import { bullmqRunner } from "agent-host/bullmq";
import { postgresStore } from "agent-host/postgres";
import { redisStore } from "agent-host/redis";
import { sqliteStore } from "agent-host/sqlite";
import { Queue } from "bullmq";
import { measureStore, runThroughput } from "./_store-ops.ts";
import { cleanPostgres, cleanRedis, DATABASE_URL, reachable, REDIS_URL, suffix } from "./_store-services.ts";

const MS = Number(process.env.STORES_BENCH_MS ?? 2000);
const CONCURRENCY = Number(process.env.STORES_BENCH_CONCURRENCY ?? 16);
const RUNS = Number(process.env.STORES_BENCH_RUNS ?? 1000);
const id = suffix();
const dir = await mkdtemp(join(tmpdir(), "agent-host-bench-stores-"));
const postgresUp = await reachable("postgres");
const redisUp = await reachable("redis");
const schema = `agent_host_bench_${id}`;
const prefix = `agent-host-bench-${id}:`;
const notes: string[] = [];

const stores: Array<[string, () => HostStateStore]> = [
  ["memory", () => memoryStore()],
  ["file", () => fileStore({ dir: join(dir, "file") })],
  ["sqlite", () => sqliteStore({ path: join(dir, "state.db") })],
];
if (postgresUp) stores.push(["postgres", () => postgresStore({ connectionString: DATABASE_URL, schema })]);
else notes.push(`postgres left out: nothing answers at ${DATABASE_URL}.`);
if (redisUp) stores.push(["redis", () => redisStore({ url: REDIS_URL, prefix })]);
else notes.push(`redis and the BullMQ runner left out: nothing answers at ${REDIS_URL}.`);

console.log(`Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim()}; ${MS} ms per operation, ${CONCURRENCY} concurrent callers\n`);
console.log("| store | get ops/s | CAS set ops/s | list (prefix, 20) ops/s |\n|---|---|---|---|");
for (const [name, open] of stores) {
  const store = open();
  const { get, cas, list } = await measureStore(store, MS, CONCURRENCY);
  await store.close();
  console.log(`| ${name} | ${Math.round(get)} | ${Math.round(cas)} | ${Math.round(list)} |`);
}

console.log(`\n| runner | background runs/s (${RUNS} echo runs, memory store, concurrency 8) |\n|---|---|`);
console.log(`| in-process | ${Math.round(await runThroughput(inProcessRunner({ concurrency: 8 }), RUNS))} |`);
const queueName = `agent-host-bench-${id}`;
if (redisUp) console.log(`| bullmq | ${Math.round(await runThroughput(bullmqRunner({ connection: REDIS_URL, queueName, concurrency: 8 }), RUNS))} |`);
for (const note of notes) console.log(`\nNote: ${note}`);

await rm(dir, { recursive: true, force: true });
if (postgresUp) await cleanPostgres(schema);
if (redisUp) {
  await cleanRedis(prefix);
  const queue = new Queue(queueName, { connection: { url: REDIS_URL } });
  await queue.obliterate({ force: true });
  await queue.close();
}
