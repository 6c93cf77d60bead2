// Child process for file-crash.test.ts: writes records to a file store as fast as it can and
// prints `ack <n>` after each awaited write, until the parent kills it with SIGKILL.
// Usage: node --conditions=agent-host-source _crash-writer.ts <dir> <first n>
import { fileStore } from "../../src/stores/file.ts";

const [dir, first = "0"] = process.argv.slice(2);
if (!dir) throw new Error("Usage: _crash-writer.ts <dir> <first n>: pass the store directory.");

/** The value written for `k<n>`: a few KB that the parent can recompute exactly. */
export function crashValue(n: number): { n: number; payload: string } {
  return { n, payload: `${n}:`.padEnd(3000, String.fromCharCode(97 + (n % 26))) };
}

const store = fileStore({ dir });
for (let n = Number(first); ; n++) {
  await store.set("crash", `k${n}`, crashValue(n));
  await store.set("crash", "counter", n);
  process.stdout.write(`ack ${n}\n`);
}
