// Child process for file-crash.test.ts (args: <dir> <first n>): writes records to a file store as
// fast as it can and prints `ack <n>` after each awaited write, until the parent SIGKILLs it.
import { fileStore } from "../../src/stores/file.ts";

const [dir, first = "0"] = process.argv.slice(2);
if (!dir) throw new Error("Usage: _crash-writer.ts <dir> <first n>: pass the store directory.");

/** The value written for `k<n>`: a few KB that file-crash.test.ts recomputes exactly (keep in sync). */
function crashValue(n: number): { n: number; payload: string } {
  return { n, payload: `${n}:`.padEnd(3000, String.fromCharCode(97 + (n % 26))) };
}

const store = fileStore({ dir });
for (let n = Number(first); ; n++) {
  await store.set("crash", `k${n}`, crashValue(n));
  await store.set("crash", "counter", n);
  process.stdout.write(`ack ${n}\n`);
}
