// `npm run bench`: requests/s and latency of a non-streaming Responses call through the full host
// vs bare Hono, and SSE time-to-first-byte, each server in its own process; prints a Markdown table.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const TTFB_SAMPLES = Number(process.env.BENCH_TTFB_SAMPLES ?? 400);
const BODY = JSON.stringify({ model: "echo", input: "hello bench" });
const STREAM_BODY = JSON.stringify({ model: "echo", input: "hello bench", stream: true });

async function startServer(kind: string, extra: string[] = []): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--conditions=agent-host-source", new URL("./_servers.ts", import.meta.url).pathname, kind, ...extra], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      const match = /ready (\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
    child.once("exit", (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
  return { port, child };
}

async function load(port: number): Promise<{ rps: number; p50: number; p99: number; errors: number }> {
  const url = `http://127.0.0.1:${port}/responses/v1/responses`;
  const options = { url, method: "POST" as const, body: BODY, headers: { "content-type": "application/json" }, connections: CONNECTIONS };
  await autocannon({ ...options, duration: 2 }); // warm-up: JIT, connection pools
  const result = await autocannon({ ...options, duration: DURATION_S });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

/** Milliseconds from sending a streaming request to its first response byte, sequential samples. */
function firstByte(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = request({ host: "127.0.0.1", port, path: "/responses/v1/responses", method: "POST", headers: { "content-type": "application/json" } }, (res) => {
      res.once("data", () => resolve(Number(process.hrtime.bigint() - started) / 1e6));
      res.resume();
    });
    req.once("error", reject);
    req.end(STREAM_BODY);
  });
}

async function ttfb(port: number): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 50; i++) await firstByte(port);
  const samples: number[] = [];
  for (let i = 0; i < TTFB_SAMPLES; i++) samples.push(await firstByte(port));
  samples.sort((a, b) => a - b);
  return { p50: samples[Math.floor(samples.length * 0.5)]!, p99: samples[Math.floor(samples.length * 0.99)]! };
}

async function measure(kind: string, extra: string[] = []) {
  const { port, child } = await startServer(kind, extra);
  try {
    return { kind, ...(await load(port)), ttfb: await ttfb(port) };
  } finally {
    child.kill();
  }
}

const dir = await mkdtemp(join(tmpdir(), "agent-host-bench-"));
const rows = [await measure("bare"), await measure("host"), await measure("host-file", [dir])];
await rm(dir, { recursive: true, force: true });
const bare = rows[0]!;
console.log(`\n${DURATION_S}s per run, ${CONNECTIONS} connections, ${TTFB_SAMPLES} sequential SSE samples, Node ${process.version}\n`);
console.log("| server | req/s | % of bare | p50 ms | p99 ms | errors | SSE first byte p50 ms | p99 ms | Δ p50 vs bare |");
console.log("|---|---|---|---|---|---|---|---|---|");
for (const row of rows) {
  const share = ((row.rps / bare.rps) * 100).toFixed(1);
  const delta = (row.ttfb.p50 - bare.ttfb.p50).toFixed(3);
  console.log(`| ${row.kind} | ${row.rps.toFixed(0)} | ${share} % | ${row.p50} | ${row.p99} | ${row.errors} | ${row.ttfb.p50.toFixed(3)} | ${row.ttfb.p99.toFixed(3)} | ${delta} |`);
}
