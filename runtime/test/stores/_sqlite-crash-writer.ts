// Child process for sqlite-crash.test.ts (args: <db path> <first n>): writes records to a SQLite store
// as fast as it can and prints `ack <n>` after each awaited write, until the parent SIGKILLs it.
import { sqliteStore } from "../../src/stores/sqlite.ts";

const [path, first = "0"] = process.argv.slice(2);
if (!path) throw new Error("Usage: _sqlite-crash-writer.ts <db path> <first n>: pass the database file.");

const store = sqliteStore({ path });
for (let n = Number(first); ; n++) {
  await store.set("crash", `k${n}`, { n, payload: "x".repeat(2000) });
  await store.set("crash", "counter", n);
  process.stdout.write(`ack ${n}\n`);
}
