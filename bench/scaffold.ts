// `npm run bench:scaffold`: median wall time of one non-interactive generation (no install, no git) with
// the published CLI (from a local registry) vs create-vite (react-ts) and the checkout's CLI, interleaved.
import { execFile, spawnSync } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { publish, startLocalRegistry } from "../test/registry/_verdaccio.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const root = resolve(import.meta.dirname, "..");
const checkout = join(root, "cli", "bin", "create-agent-host.js");
const vite = join(root, "node_modules", "create-vite", "index.js");
const run = promisify(execFile);

function timeOnce(args: string[], cwd: string): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, CI: "true" } });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(" ")} failed (${result.status}): ${result.stderr.toString()}`);
  return ms;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/** Publishes cli/ (its prepack bundles it) to a local Verdaccio and installs it like a user: `npm install --prefix`. */
async function installPublished(work: string): Promise<{ bin: string; close: () => Promise<void> }> {
  const registry = await startLocalRegistry();
  try {
    await publish(registry, join(root, "cli"));
    const prefix = join(work, "prefix");
    await mkdir(prefix);
    // ts-morph, its one dependency, comes through Verdaccio's uplink (the registry npm is configured with).
    await run("npm", ["install", "--prefix", prefix, "--registry", registry.url, "--cache", join(registry.workDir, "npm-cache"), "--no-audit", "--no-fund", "create-agent-host@latest"], {
      env: { ...process.env, npm_config_registry: registry.url, npm_config_update_notifier: "false" },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { bin: join(prefix, "node_modules", "create-agent-host", "bin", "create-agent-host.js"), close: () => registry.close() };
  } catch (error) {
    await registry.close();
    throw error;
  }
}

const work = await mkdtemp(join(tmpdir(), "agent-host-scaffold-bench-"));
const installed = await installPublished(work).catch(async (error: unknown) => {
  await rm(work, { recursive: true, force: true });
  throw error;
});
const generators = {
  published: (dir: string) => [installed.bin, dir, "--yes", "--no-install", "--no-git"],
  vite: (dir: string) => [vite, dir, "--template", "react-ts", "--no-interactive", "--no-immediate"],
  checkout: (dir: string) => [checkout, dir, "--yes", "--no-install", "--no-git"],
};
type Name = keyof typeof generators;
const samples: Record<Name, number[]> = { published: [], vite: [], checkout: [] };
try {
  // One untimed run each: fills Node's compile cache, the runtime tarball cache (checkout) and the OS file cache.
  for (const [name, args] of Object.entries(generators)) timeOnce(args(join(work, `warm-${name}`)), work);
  for (let i = 0; i < RUNS; i++) {
    for (const [name, args] of Object.entries(generators) as Array<[Name, (dir: string) => string[]]>) samples[name].push(timeOnce(args(join(work, `${name}-${i}`)), work));
  }
} finally {
  await installed.close();
  await rm(work, { recursive: true, force: true });
}
const row = (label: string, values: number[]) => `| ${label} | ${median(values).toFixed(0)} | ${Math.min(...values).toFixed(0)} | ${Math.max(...values).toFixed(0)} |`;
console.log(`\n${RUNS} interleaved runs each, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
console.log("| generator | median ms | min ms | max ms |");
console.log("|---|---|---|---|");
console.log(row("create-agent-host, published (--yes, default answers)", samples.published));
console.log(row("create-vite (react-ts)", samples.vite));
console.log(row("create-agent-host, checkout CLI (`node cli/bin/…`)", samples.checkout));
console.log(`\nratio: ${(median(samples.published) / median(samples.vite)).toFixed(2)}× create-vite (goal ≤ 2×); checkout CLI ${(median(samples.checkout) / median(samples.vite)).toFixed(2)}×`);
