// Running a generated project's npm scripts as a user's shell would: an environment without this test
// run's npm, vitest and node_modules/.bin entries, free ports, and servers killed with their process group.
import { execFile, spawn, type ChildProcessByStdio } from "node:child_process";
import { delimiter } from "node:path";
import { createServer } from "node:net";
import type { Readable } from "node:stream";
import { promisify } from "node:util";

/** process.env without npm's, vitest's, CI's and Node options' variables, with `pathFirst` leading PATH. */
export function userEnv(pathFirst: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(npm_|VITEST|NODE_OPTIONS$|NODE_ENV$|TEST$|CI$|INIT_CWD$)/i.test(name)) env[name] = value;
  }
  return { ...env, PATH: [pathFirst, systemPath()].join(delimiter), npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false", ...extra };
}

/** PATH without node_modules/.bin entries (the repository's Node 22 among them). */
export function systemPath(): string {
  return (process.env.PATH ?? "").split(delimiter).filter((entry) => entry !== "" && !entry.includes("node_modules")).join(delimiter);
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npm <args>` in `cwd` to the end; never rejects on a non-zero exit. */
export function npm(cwd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs a command in `cwd` to the end; rejects with its whole output when it fails. */
export async function runIn(cwd: string, env: NodeJS.ProcessEnv, command: string, args: string[], timeoutMs = 300_000) {
  try {
    return await promisify(execFile)(command, args, { cwd, env, timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(" ")} failed in ${cwd}: ${failed.message}\n${failed.stdout ?? ""}\n${failed.stderr ?? ""}`);
  }
}

/** `npm start` in the project (PORT 0 unless `env` sets it), resolved with its URL once it prints it. */
export async function startProject(dir: string, env: NodeJS.ProcessEnv): Promise<{ url: string; server: Server }> {
  const server = new Server(dir, "start", { PORT: "0", ...env });
  try {
    const output = await server.waitFor(/http:\/\/127\.0\.0\.1:\d+/, 0, 60_000);
    return { url: /(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] as string, server };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** A long-running `npm run <script>`, in its own process group so that `stop` also ends watch children. */
export class Server {
  output = "";
  readonly #child: ChildProcessByStdio<null, Readable, Readable>;
  readonly #exited: Promise<number | null>;

  constructor(cwd: string, script: string, env: NodeJS.ProcessEnv) {
    this.#child = spawn("npm", ["run", script], { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    this.#child.stdout.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
    this.#child.stderr.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
    this.#exited = new Promise((resolve) => this.#child.once("exit", (code) => resolve(code)));
  }

  /** Resolves with the output once `pattern` matches it after index `from`; rejects on exit or timeout. */
  async waitFor(pattern: RegExp, from = 0, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.#exited.then(() => (exited = true));
    while (!pattern.test(this.output.slice(from))) {
      if (exited || Date.now() > deadline) throw new Error(`${exited ? "exited" : "timed out"} before ${pattern}:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this.output;
  }

  /** Kills the whole process group (npm, sh, node --watch and its child) and waits for npm to exit. */
  async stop(): Promise<void> {
    if (this.#child.pid === undefined || this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    try {
      process.kill(-this.#child.pid, "SIGKILL");
    } catch {
      // The group is already gone.
    }
    await this.#exited;
  }
}
