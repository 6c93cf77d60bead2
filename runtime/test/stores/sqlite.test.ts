// Runs the HostStateStore conformance suite against the SQLite store (restart and two processes
// included), plus what only SQLite has: WAL on disk, lazy sweep, table names, the Node version gate.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { sqliteStore } from "../../src/stores/sqlite.ts";
import { describeStoreConformance } from "../../src/testing/store-conformance.ts";

const STORE_MODULE = new URL("../../src/sqlite.ts", import.meta.url).pathname;
const dirs: string[] = [];
const paths = new WeakMap<object, string>();
async function freshPath(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "agent-host-sqlite-"));
  dirs.push(dir);
  return join(dir, "state", "host.db");
}
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describeStoreConformance(
  "sqlite",
  async () => {
    const path = await freshPath();
    const store = sqliteStore({ path });
    paths.set(store, path);
    return store;
  },
  {
    reopen: (store) => sqliteStore({ path: paths.get(store)! }),
    otherProcess: (store) => ({ module: STORE_MODULE, factory: "sqliteStore", options: { path: paths.get(store) } }),
  },
);

describe("sqliteStore", () => {
  it("creates the directory, uses WAL mode and keeps tables apart", async () => {
    const path = await freshPath();
    const first = sqliteStore({ path });
    const second = sqliteStore({ path, table: "other_state" });
    await first.set("docs", "k", "first");
    await second.set("docs", "k", "second");
    expect((await first.get("docs", "k"))?.value).toBe("first");
    expect((await second.get("docs", "k"))?.value).toBe("second");
    expect(await readdir(join(path, ".."))).toEqual(expect.arrayContaining(["host.db", "host.db-wal"]));
    await Promise.all([first.close(), second.close()]);
  });

  it("sweep removes expired records and counts them", async () => {
    const store = sqliteStore({ path: ":memory:" });
    await store.set("docs", "short", 1, { ttlMs: 20 });
    await store.set("docs", "long", 2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await store.sweep()).toBe(1);
    expect(await store.sweep()).toBe(0);
    expect((await store.list("docs")).map((record) => record.key)).toEqual(["long"]);
    await store.close();
  });

  it("says which Node.js it needs when node:sqlite is missing (before 22.13)", () => {
    const spy = vi.spyOn(process, "getBuiltinModule").mockReturnValue(undefined as never);
    try {
      expect(() => sqliteStore({ path: ":memory:" })).toThrow(/Node\.js has built in \(without a flag\) from version 22\.13; this is Node /);
    } finally {
      spy.mockRestore();
    }
  });

  it("refuses keys SQLite text cannot keep, bad table names and values that are not JSON", async () => {
    expect(() => sqliteStore({ path: ":memory:", table: "drop table;" })).toThrow(/Invalid SQLite table name/);
    const store = sqliteStore({ path: ":memory:" });
    await expect(store.set("docs", "\uD800", 1)).rejects.toThrow(/lone surrogate/);
    await expect(store.set("docs", "nul\0", 1)).rejects.toThrow(TypeError);
    await expect(store.set("docs", "big", 10n)).rejects.toThrow(/not JSON data/);
    await expect(store.set("docs", "fn", () => 1)).rejects.toThrow(/not JSON data/);
    await store.close();
  });
});
