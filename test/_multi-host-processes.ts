// Spawns and stops the multi-host test's host processes, and a sink server that records every push
// they make, so the test sees what each host did from the outside.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import type { MultiHostSettings } from "./_multi-host-server.ts";

const SERVER = fileURLToPath(new URL("./_multi-host-server.ts", import.meta.url));

export interface HostProcess {
  name: string;
  url: string;
  child: ChildProcess;
  /** Resolves when this host's agent prints "running" (it started a /slow run) after this call. */
  nextRun(): Promise<void>;
  exited: Promise<void>;
}

export function startHostProcess(settings: MultiHostSettings): Promise<HostProcess> {
  const child = spawn(process.execPath, ["--conditions=agent-host-source", "--no-warnings", SERVER, JSON.stringify(settings)], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, AGENT_HOST_LOG: "error" },
  });
  let stdout = "";
  let stderr = "";
  let runWaiters: Array<() => void> = [];
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      stdout += text;
      if (text.includes("running\n")) {
        const waiters = runWaiters;
        runWaiters = [];
        for (const wake of waiters) wake();
      }
      const listening = /listening (\S+)\n/.exec(stdout);
      if (listening) {
        resolve({ name: settings.name, url: listening[1]!, child, exited, nextRun: () => new Promise((wake) => runWaiters.push(wake)) });
      }
    });
    child.on("exit", (code) => reject(new Error(`Host ${settings.name} exited (code ${code}) before listening. Its stderr: ${stderr || "(empty)"}`)));
  });
}

export async function stopHostProcess(host: HostProcess): Promise<void> {
  if (host.child.exitCode !== null || host.child.signalCode !== null) return;
  host.child.kill("SIGTERM");
  await host.exited;
}

export interface Sink {
  url: string;
  pushes: Array<{ host: string; channel: string; nativeId: string; text: string }>;
  close(): Promise<void>;
}

export async function startSink(): Promise<Sink> {
  const pushes: Sink["pushes"] = [];
  const server: Server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      pushes.push(JSON.parse(body));
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/push`, pushes, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
