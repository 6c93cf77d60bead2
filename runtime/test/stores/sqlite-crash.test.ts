// Kills a process writing to a SQLite store with SIGKILL, twice, and checks that every acknowledged
// write survived and the database reopens cleanly (WAL recovery), as the file store's crash test does.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { sqliteStore } from "../../src/stores/sqlite.ts";

const WRITER = join(dirname(fileURLToPath(import.meta.url)), "_sqlite-crash-writer.ts");
const ACKS_BEFORE_KILL = 200;

/** Runs the writer from `first` until it has acknowledged enough writes, then SIGKILLs it. Resolves every ack. */
function writeUntilKilled(path: string, first: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--no-warnings", WRITER, path, String(first)], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let killing = false;
    const timer = setTimeout(() => child.kill("SIGKILL"), 8000);
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!killing && stdout.split("\n").length > ACKS_BEFORE_KILL) {
        killing = true;
        setTimeout(() => child.kill("SIGKILL"), Math.random() * 20);
      }
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const acks = [...stdout.matchAll(/^ack (\d+)\n/gm)].map((match) => Number(match[1]));
      if (!killing || signal !== "SIGKILL") reject(new Error(`The SQLite writer ended by itself (code ${code}, signal ${signal}, ${acks.length} acks). Its stderr: ${stderr || "(empty)"}`));
      else resolve(acks);
    });
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "agent-host-sqlite-crash-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it("keeps every acknowledged write across two SIGKILLs", async () => {
  const path = join(dir, "state.db");
  const acked: number[] = [];
  for (let round = 0; round < 2; round++) {
    acked.push(...(await writeUntilKilled(path, round * 100_000)));
    const store = sqliteStore({ path });
    for (const n of acked) expect((await store.get<{ n: number }>("crash", `k${n}`))?.value.n, `k${n}`).toBe(n);
    expect((await store.get<number>("crash", "counter"))?.value).toBeGreaterThanOrEqual(acked.at(-1)!);
    await store.close();
  }
}, 30_000);
