// Starts the conformance suite's second process (_store-child) and talks to it over stdio: ready →
// go → its contender result, with its stderr in the error when it fails.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ContenderResult } from "./_store-contender.ts";

/** How another process opens the same data: a module (path or package specifier), its factory export and JSON options. */
export interface StoreProcessSpec {
  module: string;
  factory: string;
  options: unknown;
}

export interface ChildContender {
  /** Resolves once the child has opened its store. */
  ready: Promise<void>;
  /** Lets the child start contending. */
  go(): void;
  /** The child's result, after it closed its store and exited. */
  result: Promise<ContenderResult>;
}

export function startChildContender(spec: StoreProcessSpec): ChildContender {
  const fromSource = import.meta.url.endsWith(".ts");
  const script = fileURLToPath(new URL(`./_store-child.${fromSource ? "ts" : "js"}`, import.meta.url));
  const args = [...(fromSource ? ["--conditions=agent-host-source", "--no-warnings"] : ["--no-warnings"]), script, JSON.stringify(spec)];
  const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.startsWith("ready\n")) markReady();
  });
  const result = new Promise<ContenderResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      const last = stdout.trim().split("\n").at(-1) ?? "";
      if (code === 0 && last.startsWith("{")) resolve(JSON.parse(last) as ContenderResult);
      else reject(new Error(`The store child process exited with code ${code}. Its stderr: ${stderr || "(empty)"}`));
    });
  });
  return {
    ready: Promise.race([ready, result.then(() => {})]),
    go: () => child.stdin.end("go\n"),
    result,
  };
}
