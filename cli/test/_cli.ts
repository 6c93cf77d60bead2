// Test helpers: run the CLI in-process with captured streams and a controlled environment, drive
// the wizard through a mock stdin, and make temporary directories outside the repository.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach } from "vitest";
import { main } from "../src/main.ts";

/** A writable stream that keeps everything written to it. */
export class Capture extends PassThrough {
  text = "";
  constructor() {
    super();
    this.on("data", (chunk: Buffer) => (this.text += chunk.toString()));
  }
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Only what the CLI needs: no npm user agent, no CI flags, no coding-agent variables of the caller. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  return { PATH: process.env.PATH, HOME: process.env.HOME, GIT_CONFIG_NOSYSTEM: "1", ...extra };
}

export interface RunOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  isTTY?: boolean;
  stdin?: PassThrough;
  stdout?: Capture;
}

export async function runCli(argv: string[], options: RunOptions): Promise<CliRun> {
  const stdout = options.stdout ?? new Capture();
  const stderr = new Capture();
  const stdin = options.stdin ?? new PassThrough();
  const code = await main(argv, { stdin, stdout, stderr, cwd: options.cwd, env: options.env ?? cleanEnv(), isTTY: options.isTTY ?? false });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh directory under the OS temp dir, removed after the test. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "cah-cli-test-"));
  dirs.push(dir);
  return dir;
}

export async function entries(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

/** Waits until `capture` shows `text` after position `from`; returns the position after it. */
export async function waitFor(capture: Capture, text: string, from = 0, timeoutMs = 10_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const index = capture.text.indexOf(text, from);
    if (index >= 0) return index + text.length;
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for "${text}". Output so far:\n${capture.text.slice(from)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const KEY = { enter: "\r", down: "\u001b[B", up: "\u001b[A", space: " ", ctrlC: "\u0003" } as const;
