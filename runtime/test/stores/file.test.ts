// Runs the HostStateStore conformance suite against the file store, plus what only files have:
// restarts, crash leftovers, stray and corrupt files, and valid JSON on disk.
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { CorruptRecordError, fileStore, type FileStore } from "../../src/stores/file.ts";
import { describeStoreConformance } from "../../src/testing/store-conformance.ts";

const dirs: string[] = [];
async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "agent-host-file-store-"));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

// The file store's directory, per store, so the suite's restart check can reopen the same one.
const dirOf = new WeakMap<object, string>();
describeStoreConformance(
  "file",
  async () => {
    const dir = await freshDir();
    const store = fileStore({ dir });
    dirOf.set(store, dir);
    return store;
  },
  // No `otherProcess`: the file store's compare-and-set is atomic within one process only (SPEC: one host process).
  { reopen: (store) => fileStore({ dir: dirOf.get(store) as string }) },
);

describe("fileStore", () => {
  let dir: string;
  let store: FileStore;
  let warnings: string[];
  beforeEach(async () => {
    dir = await freshDir();
    warnings = [];
    store = fileStore({ dir, warn: (message) => warnings.push(message) });
  });
  afterEach(async () => {
    await store.close();
  });

  it("keeps data across close and reopen on the same directory", async () => {
    await store.set("sessions", "a/b:c#1", { turns: [1, 2] });
    await store.set("sessions", "a/b:c#1", { turns: [1, 2, 3] });
    await store.set("identities", "telegram:42", "ik_1", { ttlMs: 60_000 });
    await store.close();
    store = fileStore({ dir });
    expect(await store.get("sessions", "a/b:c#1")).toEqual({ key: "a/b:c#1", value: { turns: [1, 2, 3] }, version: 2 });
    expect((await store.get("identities", "telegram:42"))?.value).toBe("ik_1");
    expect((await store.set("sessions", "a/b:c#1", "next", { ifVersion: 2 })).version).toBe(3);
  });

  it("writes every record as a valid JSON document { key, value, version }", async () => {
    const longKey = "ü/".repeat(256);
    await store.set("docs", "plain", { n: 1 });
    await store.set("docs", longKey, [1, 2], { ttlMs: 60_000 });
    const files = await readdir(join(dir, "docs"));
    expect(files).toHaveLength(2);
    const records = await Promise.all(files.map(async (file) => JSON.parse(await readFile(join(dir, "docs", file), "utf8"))));
    expect(records.map((record) => record.key).sort()).toEqual([longKey, "plain"].sort());
    for (const record of records) expect(record).toMatchObject({ version: 1 });
    expect(files.every((file) => file.endsWith(".json") && Buffer.byteLength(file) < 255)).toBe(true);
  });

  it("uses file names that stay distinct on case-insensitive disks", async () => {
    const keys = ["UPPER", "upper", "Upper", "\uD800", "\uFFFD", "con", "a.b", "a%2Eb"];
    for (const key of keys) await store.set("docs", key, key);
    const files = await readdir(join(dir, "docs"));
    expect(new Set(files.map((file) => file.toLowerCase())).size).toBe(keys.length);
    expect(files.every((file) => /^[a-zA-Z0-9_%~-]+\.json$/.test(file) && file.toLowerCase() !== "con.json")).toBe(true);
    for (const key of keys) expect((await store.get("docs", key))?.value).toBe(key);
  });

  it("ignores a leftover temp file and stray files, and sweep removes the temp file", async () => {
    await store.set("docs", "kept", 1);
    await writeFile(join(dir, "docs", ".tmp-crashed"), '{"key":"kept","val');
    await writeFile(join(dir, "docs", "notes.txt"), "not a record");
    await writeFile(join(dir, "docs", "README.JSON"), "not a record either");
    expect((await store.get("docs", "kept"))?.value).toBe(1);
    expect((await store.list("docs")).map((record) => record.key)).toEqual(["kept"]);
    expect(warnings).toEqual([]);
    expect(await store.sweep()).toBe(0);
    expect((await readdir(join(dir, "docs"))).sort()).toEqual(["README.JSON", "kept.json", "notes.txt"]);
  });

  it("names a corrupt record file in get, skips it with a warning in list, and lets delete drop it", async () => {
    await store.set("docs", "good", 1);
    await writeFile(join(dir, "docs", "bad.json"), "{ this is not json");
    const error = await store.get("docs", "bad").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CorruptRecordError);
    expect((error as Error).message).toContain(join(dir, "docs", "bad.json"));
    expect((await store.list("docs")).map((record) => record.key)).toEqual(["good"]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("bad.json");
    expect(await store.delete("docs", "bad")).toBe(true);
    expect(await store.get("docs", "bad")).toBeUndefined();
  });

  it("sweep removes expired records from disk and counts them", async () => {
    await store.set("docs", "short", 1, { ttlMs: 20 });
    await store.set("docs", "long", 2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await store.sweep()).toBe(1);
    expect(await readdir(join(dir, "docs"))).toEqual(["long.json"]);
  });

  it("creates no directory until the first write", async () => {
    const nested = join(dir, "not", "yet");
    const lazy = fileStore({ dir: nested });
    expect(await lazy.get("docs", "x")).toBeUndefined();
    expect(await lazy.list("docs")).toEqual([]);
    await expect(readdir(nested)).rejects.toThrow(/ENOENT/);
    await lazy.set("docs", "x", 1);
    expect(await readdir(join(nested, "docs"))).toEqual(["x.json"]);
    await lazy.close();
  });
});
