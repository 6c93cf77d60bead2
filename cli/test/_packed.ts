// The published create-agent-host as a user gets it: cli/ staged with its prepack output, `npm pack`,
// the tarball extracted into a temp folder outside the repository, and its bin run there with plain Node.
import { execFile, spawn } from "node:child_process";
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
export const CLI_DIR = join(import.meta.dirname, "..");

export interface PackedFile {
  path: string;
  size: number;
}

/** The environment of the npm children: without the parent's lifecycle variables (`npm test` sets them). */
function npmEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_(lifecycle|package|config_(dry_run|json|pack_destination))/i.test(name)));
  return { ...env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" };
}

/** Leaves out what prepack produces (and node_modules); everything else of cli/ goes in, for `files` to filter. */
const NOT_COPIED = /^(dist|templates|node_modules|\.build-[^/]*)$/;

/**
 * cli/ as `npm pack` sees it after its prepack, in a temp folder: a copy of cli/ plus the output of
 * the prepack command (`node scripts/bundle.ts <folder>`). Built aside, never in cli/ itself, so it
 * cannot race another pack of cli/ (the local-registry tests publish it in the same test run).
 */
export async function stagePackage(): Promise<{ root: string; stage: string }> {
  const root = await mkdtemp(join(tmpdir(), "cah-packed-"));
  const stage = join(root, "stage");
  await cp(CLI_DIR, stage, { recursive: true, filter: (source) => !NOT_COPIED.test(relative(CLI_DIR, source).split(sep)[0] ?? "") });
  const manifest = await readJson<{ scripts?: { prepack?: string } }>(join(CLI_DIR, "package.json"));
  if (manifest.scripts?.prepack !== "node scripts/bundle.ts") throw new Error(`cli/package.json prepack is "${manifest.scripts?.prepack}"; update stagePackage to run the same command.`);
  await run(process.execPath, ["scripts/bundle.ts", stage], { cwd: CLI_DIR, maxBuffer: 16 * 1024 * 1024 });
  return { root, stage };
}

/** `npm pack --dry-run --json` of the staged package (scripts ignored: the prepack output is there). */
export async function packList(stage: string): Promise<{ files: PackedFile[]; filename: string }> {
  const { stdout } = await run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: stage, env: npmEnv(), maxBuffer: 16 * 1024 * 1024 });
  const [result] = JSON.parse(stdout) as Array<{ files: PackedFile[]; filename: string }>;
  if (!result) throw new Error(`npm pack --dry-run --json printed no result:\n${stdout}`);
  return result;
}

/** Packs the staged package and extracts the tarball into `<root>/package`, as npm would install it. */
export async function packAndExtract(root: string, stage: string): Promise<string> {
  const { stdout } = await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", root], { cwd: stage, env: npmEnv(), maxBuffer: 16 * 1024 * 1024 });
  const [result] = JSON.parse(stdout) as Array<{ filename: string }>;
  if (!result) throw new Error(`npm pack --json printed no result:\n${stdout}`);
  await run("tar", ["-xzf", join(root, result.filename), "-C", root]);
  return join(root, "package");
}

export interface BinRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time of the whole process, ms. */
  ms: number;
  /** Date.now() when it exited. */
  exitedAt: number;
}

/** A user's environment: PATH and HOME only, plus `extra` (no CI, no npm variables of this test run). */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, GIT_CONFIG_NOSYSTEM: "1", ...extra };
}

/**
 * Runs `<packageDir>/bin/create-agent-host.js` with `args` in `cwd`. `tty` makes the process see
 * terminals on stdin and stdout (a preload sets `isTTY`), as a person's shell would.
 */
export async function runPackedBin(packageDir: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; tty?: boolean }): Promise<BinRun> {
  const preload = join(options.cwd, "tty-preload.mjs");
  if (options.tty) await writeFile(preload, "process.stdin.isTTY = true;\nprocess.stdout.isTTY = true;\n");
  const nodeArgs = [...(options.tty ? ["--import", preload] : []), join(packageDir, "bin", "create-agent-host.js"), ...args];
  const started = Date.now();
  const child = spawn(process.execPath, nodeArgs, { cwd: options.cwd, env: options.env ?? userEnv(), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const exitedAt = Date.now();
  return { code, stdout, stderr, ms: exitedAt - started, exitedAt };
}

export async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, "utf8")) as T;
}
