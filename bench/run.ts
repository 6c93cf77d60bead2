// `npm run bench`: requests/s, latency and server CPU per request of a non-streaming Responses call through
// the full host vs bare Hono, and SSE time-to-first-byte, each server in its own process; prints Markdown.
// Env: BENCH_DURATION (s, default 10), BENCH_WARMUP (s, default 5), BENCH_CONNECTIONS (32),
// BENCH_TTFB_SAMPLES (400), BENCH_SERVERS (comma list, default "bare,host,host-nostore,host-file"),
// BENCH_ROUNDS (default 1: more rounds run the servers in turn again and report each figure's median),
// BENCH_CPU_PROF (a directory: servers run with --cpu-prof and write their profile there on exit).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { request } from "node:http";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const TTFB_SAMPLES = Number(process.env.BENCH_TTFB_SAMPLES ?? 400);
const SERVERS = (process.env.BENCH_SERVERS ?? "bare,host,host-nostore,host-file").split(",").map((kind) => kind.trim());
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF;
const BODY = JSON.stringify({ model: "echo", input: "hello bench" });
const STREAM_BODY = JSON.stringify({ model: "echo", input: "hello bench", stream: true });

interface Server {
  port: number;
  child: ChildProcess;
}

async function startServer(kind: string, extra: string[] = []): Promise<Server> {
  const profile = CPU_PROF_DIR ? ["--cpu-prof", `--cpu-prof-dir=${CPU_PROF_DIR}`, `--cpu-prof-name=${kind}-${Date.now()}.cpuprofile`] : [];
  const script = new URL("./_servers.ts", import.meta.url).pathname;
  const child = spawn(process.execPath, [...profile, "--conditions=agent-host-source", script, kind, ...extra], {
    stdio: ["ignore", "pipe", "inherit", "ipc"],
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

/** The server's own CPU time (user + system) in microseconds and its resident memory, asked over IPC. */
function serverUsage(server: Server): Promise<{ cpuUs: number; rssBytes: number }> {
  return new Promise((resolve) => {
    server.child.once("message", (message: { cpu: NodeJS.CpuUsage; memory: number }) =>
      resolve({ cpuUs: message.cpu.user + message.cpu.system, rssBytes: message.memory }),
    );
    server.child.send("cpu");
  });
}

/** Busy CPU time of the whole machine so far (all cores, µs), from os.cpus(). */
function machineBusyUs(): number {
  return cpus().reduce((sum, cpu) => sum + (cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq) * 1000, 0);
}

async function load(server: Server) {
  const url = `http://127.0.0.1:${server.port}/responses/v1/responses`;
  const options = { url, method: "POST" as const, body: BODY, headers: { "content-type": "application/json" }, connections: CONNECTIONS };
  // Warm-up: the host has far more code than bare Hono for the JIT to optimise; 2 s left it still compiling.
  await autocannon({ ...options, duration: WARMUP_S });
  const before = await serverUsage(server);
  const [machineBefore, benchBefore] = [machineBusyUs(), process.cpuUsage()];
  const result = await autocannon({ ...options, duration: DURATION_S });
  const [machineAfter, bench] = [machineBusyUs(), process.cpuUsage(benchBefore)];
  const after = await serverUsage(server);
  const serverCpuUs = after.cpuUs - before.cpuUs;
  const served = result.requests.total;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    // Server CPU (all threads: main, GC helpers, libuv) per answered request, and the share of one core used.
    cpuPerRequestUs: served ? serverCpuUs / served : NaN,
    cpuCores: serverCpuUs / (DURATION_S * 1e6),
    // Anything else that ran on the machine meanwhile (other processes); well above 0.1 = a noisy run.
    otherCores: Math.max(0, machineAfter - machineBefore - serverCpuUs - bench.user - bench.system) / (DURATION_S * 1e6),
    responseBytes: result.throughput.total / Math.max(1, served),
    rssMiB: after.rssBytes / 2 ** 20,
  };
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
  const server = await startServer(kind, extra);
  try {
    return { kind, ...(await load(server)), ttfb: await ttfb(server.port) };
  } finally {
    // SIGTERM lets a --cpu-prof child write its profile before it exits.
    const exited = new Promise((resolve) => server.child.once("exit", resolve));
    server.child.kill("SIGTERM");
    await exited;
  }
}

type Row = Awaited<ReturnType<typeof measure>>;

/** The median of each figure over rounds (the run with the median req/s gives latency, errors and sizes). */
function medianRow(runs: Row[]): Row {
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
  const byRps = [...runs].sort((a, b) => a.rps - b.rps)[Math.floor((runs.length - 1) / 2)]!;
  return {
    ...byRps,
    rps: median(runs.map((run) => run.rps)),
    cpuPerRequestUs: median(runs.map((run) => run.cpuPerRequestUs)),
    cpuCores: median(runs.map((run) => run.cpuCores)),
    otherCores: median(runs.map((run) => run.otherCores)),
    ttfb: { p50: median(runs.map((run) => run.ttfb.p50)), p99: median(runs.map((run) => run.ttfb.p99)) },
  };
}

const dir = await mkdtemp(join(tmpdir(), "agent-host-bench-"));
const runs = new Map<string, Row[]>(SERVERS.map((kind) => [kind, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const kind of SERVERS) runs.get(kind)!.push(await measure(kind, kind === "host-file" ? [join(dir, String(round))] : []));
}
await rm(dir, { recursive: true, force: true });
const rows = SERVERS.map((kind) => medianRow(runs.get(kind)!));
const bare = rows.find((row) => row.kind === "bare") ?? rows[0]!;
console.log(
  `\n${DURATION_S}s per run after a ${WARMUP_S}s warm-up, ${CONNECTIONS} connections, ${TTFB_SAMPLES} sequential SSE samples, ` +
    `${ROUNDS > 1 ? `median of ${ROUNDS} rounds, ` : ""}Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model.trim()})\n`,
);
console.log("| server | req/s | % of bare | p50 ms | p99 ms | errors | server CPU µs/req | server cores | other load (cores) | bytes/resp | SSE first byte p50 ms | p99 ms | Δ p50 vs bare |");
console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
for (const row of rows) {
  const share = ((row.rps / bare.rps) * 100).toFixed(1);
  const delta = (row.ttfb.p50 - bare.ttfb.p50).toFixed(3);
  console.log(
    `| ${row.kind} | ${row.rps.toFixed(0)} | ${share} % | ${row.p50} | ${row.p99} | ${row.errors} | ${row.cpuPerRequestUs.toFixed(0)} | ` +
      `${row.cpuCores.toFixed(2)} | ${row.otherCores.toFixed(2)} | ${row.responseBytes.toFixed(0)} | ${row.ttfb.p50.toFixed(3)} | ${row.ttfb.p99.toFixed(3)} | ${delta} |`,
  );
}
if (rows.some((row) => row.otherCores > 0.1)) {
  console.log("\nOther processes used CPU during some runs (other load > 0.1 core): on a 2-core machine that skews every figure.");
}
