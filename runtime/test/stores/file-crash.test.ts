// Kills a process writing to the file store with SIGKILL, three times, and checks that every
// acknowledged write survived and no record file on disk is torn.
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { fileStore } from "../../src/stores/file.ts";

const WRITER = join(dirname(fileURLToPath(import.meta.url)), "_crash-writer.ts");
const ACKS_BEFORE_KILL = 200;
const ROUND_TIMEOUT_MS = 8_000;

// Mirrors crashValue in _crash-writer.ts (not imported: that module starts writing when loaded).
function crashValue(n: number): { n: number; payload: string } {
  return { n, payload: `${n}:`.padEnd(3000, String.fromCharCode(97 + (n % 26))) };
}

/** Runs the writer from `first` until it has acknowledged enough writes, then SIGKILLs it. Resolves every ack. */
function writeUntilKilled(dir: string, first: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=agent-host-source", WRITER, dir, String(first)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let killing = false;
    let killed = false;
    const timer = setTimeout(() => child.kill("SIGKILL"), ROUND_TIMEOUT_MS);
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!killing && stdout.split("\n").length > ACKS_BEFORE_KILL) {
        killing = true; // a random extra delay spreads the kill over every step of a write
        setTimeout(() => (killed = child.kill("SIGKILL")), Math.random() * 20);
      }
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const acks = [...stdout.matchAll(/^ack (\d+)\n/gm)].map((match) => Number(match[1]));
      if (!killed || signal !== "SIGKILL") {
        const why =
          killed || signal !== "SIGKILL"
            ? `ended by itself (code ${code}, signal ${signal})`
            : `did not ack ${ACKS_BEFORE_KILL} writes within ${ROUND_TIMEOUT_MS} ms`;
        reject(new Error(`Crash writer ${why} (${acks.length} acks). Its stderr: ${stderr || "(empty)"}`));
      } else resolve(acks);
    });
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "agent-host-file-crash-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it("keeps every acknowledged write and never tears a record across three SIGKILLs", async () => {
  const acked: number[] = [];
  for (let round = 0; round < 3; round++) {
    const acks = await writeUntilKilled(dir, round * 100_000);
    expect(acks.length).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);
    acked.push(...acks);

    const files = (await readdir(join(dir, "crash"))).filter((name) => name.endsWith(".json"));
    for (const name of files) {
      const text = await readFile(join(dir, "crash", name), "utf8");
      expect(() => JSON.parse(text), `${name} must be valid JSON`).not.toThrow();
    }

    const store = fileStore({ dir });
    for (const n of acked) expect((await store.get("crash", `k${n}`))?.value, `k${n}`).toEqual(crashValue(n));
    const counter = await store.get<number>("crash", "counter");
    expect(counter?.value).toBeGreaterThanOrEqual(acks.at(-1)!);
    await store.sweep();
    expect((await readdir(join(dir, "crash"))).filter((name) => name.startsWith("."))).toEqual([]);
    await store.close();
  }
}, 30_000);
