// `npm run bench:scaffold`: median wall time of one non-interactive generation (no install, no git)
// with our CLI vs create-vite (react-ts), alternating runs in one process; prints a Markdown table.
import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const root = resolve(import.meta.dirname, "..");
const ours = join(root, "cli", "bin", "create-agent-host.js");
const vite = join(root, "node_modules", "create-vite", "index.js");

function timeOnce(args: string[], cwd: string): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, CI: "true" } });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(" ")} failed (${result.status}): ${result.stderr.toString()}`);
  return ms;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

const work = await mkdtemp(join(tmpdir(), "agent-host-scaffold-bench-"));
const samples = { ours: [] as number[], vite: [] as number[] };
try {
  // One untimed run each: fills the runtime tarball cache and the OS file cache.
  timeOnce([ours, join(work, "warm-ours"), "--yes", "--no-install", "--no-git"], work);
  timeOnce([vite, join(work, "warm-vite"), "--template", "react-ts", "--no-interactive", "--no-immediate"], work);
  for (let i = 0; i < RUNS; i++) {
    samples.ours.push(timeOnce([ours, join(work, `ours-${i}`), "--yes", "--no-install", "--no-git"], work));
    samples.vite.push(timeOnce([vite, join(work, `vite-${i}`), "--template", "react-ts", "--no-interactive", "--no-immediate"], work));
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
const ratio = median(samples.ours) / median(samples.vite);
console.log(`\n${RUNS} alternating runs each, Node ${process.version}\n`);
console.log("| generator | median ms | min ms | max ms |");
console.log("|---|---|---|---|");
console.log(`| create-agent-host (--yes, default answers) | ${median(samples.ours).toFixed(0)} | ${Math.min(...samples.ours).toFixed(0)} | ${Math.max(...samples.ours).toFixed(0)} |`);
console.log(`| create-vite (react-ts) | ${median(samples.vite).toFixed(0)} | ${Math.min(...samples.vite).toFixed(0)} | ${Math.max(...samples.vite).toFixed(0)} |`);
console.log(`\nratio: ${ratio.toFixed(2)}× create-vite (goal ≤ 2×)`);
