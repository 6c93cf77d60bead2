// `npm run bench:fanout`: how long delivering one result takes to 1 vs 5 push channels — each push a real
// HTTP POST to a fake platform API in another process, deliveries[] written pending then final — in Markdown.
// Env: FANOUT_RUNS (default 500 per case), FANOUT_WARMUP (100), FANOUT_STORE (memory | file; default memory).
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import {
  allowAll, createChannelRequest, fileStore, memoryStore, ResponseTargets, silentLogger,
  type ChannelPush, type HostStateStore, type ResponseTarget, type RunResult,
} from "agent-host";
// Delivery plumbing, not public API: the benchmark drives it directly.
import { deliverResult } from "../runtime/src/delivery/deliver.ts";
import { recordLastSeen } from "../runtime/src/delivery/last-seen.ts";
import type { DeliveryChannel } from "../runtime/src/delivery/types.ts";
import { appendHistory } from "../runtime/src/session/history.ts";

const RUNS = Number(process.env.FANOUT_RUNS ?? 500);
const WARMUP = Number(process.env.FANOUT_WARMUP ?? 100);
const STORE = process.env.FANOUT_STORE ?? "memory";
const NAMES = ["ch1", "ch2", "ch3", "ch4", "ch5"];
const ISOLATION_KEY = "ik_bench";

async function startPushServer(): Promise<{ base: string; stop: () => void }> {
  const script = new URL("./_push-server.ts", import.meta.url).pathname;
  const child = spawn(process.execPath, [script], { stdio: ["ignore", "pipe", "inherit", "ipc"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      const match = /ready (\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
    child.once("exit", (code) => reject(new Error(`the push server exited with ${code}`)));
  });
  return { base: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

/** What a real channel's push does: one POST per message to its platform API. */
function httpPush(base: string, channel: string): ChannelPush {
  return async (identity, message) => {
    const response = await fetch(`${base}/push/${channel}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ chat_id: identity.attributes?.chatId, text: message.text, ...(message.echo ? { echo: message.echo } : {}) }),
    });
    const body = (await response.json()) as { result?: { message_id: string }; description?: string };
    if (!response.ok || !body.result) return { status: "failed", error: { code: String(response.status), message: body.description ?? "push failed" } };
    return { status: "delivered", messageId: body.result.message_id };
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const server = await startPushServer();
const dir = STORE === "file" ? await mkdtemp(join(tmpdir(), "agent-host-fanout-")) : undefined;
const store: HostStateStore = dir ? fileStore({ dir }) : memoryStore();
const channels = new Map<string, DeliveryChannel>(NAMES.map((name) => [name, { name, push: httpPush(server.base, name) }]));
for (const name of NAMES) {
  await recordLastSeen(store, ISOLATION_KEY, { channel: name, identity: { channel: name, nativeId: "u1", attributes: { chatId: `${name}-chat` } } });
}
const deps = { store, log: silentLogger, channels, linkPolicy: allowAll };
const result: RunResult = { status: "completed", parts: [{ type: "text", text: "Your report is ready." }], text: "Your report is ready." };
const cases: Array<[string, ResponseTarget, number]> = [
  ["single (channel)", ResponseTargets.channel("ch1"), 1],
  ["fan-out to 5 (channels)", ResponseTargets.channels(NAMES), 5],
];

let run = 0;
/** One delivery, timed from resolution to the last outcome recorded; the history it annotates is set up untimed. */
async function deliverOnce(target: ResponseTarget, expected: number): Promise<number> {
  const sessionId = `bench:${++run}`;
  const messageId = `msg_${run}`;
  const createdAt = new Date().toISOString();
  await appendHistory(store, sessionId, [
    { role: "user", content: [{ type: "text", text: "make me a report" }], id: `in_${run}`, createdAt },
    { role: "assistant", content: result.parts, id: messageId, createdAt, status: "completed", deliveries: [] },
  ]);
  const request = createChannelRequest({ channel: "api", input: "make me a report", identity: { channel: "api", nativeId: "u1" }, responseTarget: target });
  const started = performance.now();
  const records = await deliverResult(deps, { request, result, isolationKey: ISOLATION_KEY, sessionId, messageId });
  const elapsed = performance.now() - started;
  if (records.length !== expected || records.some((r) => r.status !== "delivered")) throw new Error(`unexpected deliveries: ${JSON.stringify(records)}`);
  return elapsed;
}

const samples = cases.map(() => [] as number[]);
for (let i = 0; i < WARMUP + RUNS; i++) {
  // Alternate the order so neither case always runs on a warmer connection pool.
  const order = i % 2 === 0 ? [0, 1] : [1, 0];
  for (const index of order) {
    const [, target, expected] = cases[index]!;
    const ms = await deliverOnce(target, expected);
    if (i >= WARMUP) samples[index]!.push(ms);
  }
}
server.stop();
await store.close();
if (dir) await rm(dir, { recursive: true, force: true });

const stats = samples.map((values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), mean: values.reduce((a, b) => a + b, 0) / values.length };
});
const ms = (value: number) => value.toFixed(2);
console.log(`Node ${process.version}, ${cpus()[0]?.model ?? "unknown CPU"} × ${cpus().length}, ${STORE} store, ${RUNS} runs per case after ${WARMUP} warm-up\n`);
console.log("| delivery | pushes | p50 ms | p99 ms | mean ms |\n|---|---|---|---|---|");
cases.forEach(([name, , pushes], index) => console.log(`| ${name} | ${pushes} | ${ms(stats[index]!.p50)} | ${ms(stats[index]!.p99)} | ${ms(stats[index]!.mean)} |`));
const added = stats[1]!.p50 - stats[0]!.p50;
console.log(`\nFan-out to 5 adds ${ms(added)} ms at p50 over a single delivery (target ≤ 5 ms): ${added <= 5 ? "met" : "NOT met"}.`);
