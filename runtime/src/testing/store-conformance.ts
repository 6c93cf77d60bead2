// THE conformance suite for HostStateStore implementations: memory, file, SQL, Redis… each store's
// test file calls describeStoreConformance so every store keeps exactly the same contract.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { VersionConflictError, type HostStateStore } from "../stores/types.ts";
import { updateRecord } from "../stores/update.ts";
import { CONTENDER_INCREMENTS, CONTENDER_NAMESPACE, CONTENDER_RACES, contend } from "./_store-contender.ts";
import { startChildContender, type StoreProcessSpec } from "./_store-processes.ts";

export type { StoreProcessSpec } from "./_store-processes.ts";

export interface StoreConformanceOptions {
  /** Set false for a store without TTL support; the TTL tests are then skipped. Default true. */
  supportsTtl?: boolean;
  /**
   * Opens another store on the data of `store` (same file, database schema or key prefix). Stores that
   * survive a restart set it: the suite then closes a store, reopens it and expects every record back.
   */
  reopen?: (store: HostStateStore) => Promise<HostStateStore> | HostStateStore;
  /**
   * How another process opens the data of `store`. Stores shared by several processes set it: the suite
   * then runs writers in this process and a child process at once and expects no lost update.
   */
  otherProcess?: (store: HostStateStore) => StoreProcessSpec;
}

const NS = "conformance";
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Keys a store must keep apart and give back unchanged (files, URLs, SQL LIKE and case folding all bite here). */
const AWKWARD_KEYS = [
  "a/b/c",
  "../escape",
  "telegram:12345",
  "thread#1",
  "dot.ted",
  ".",
  "..",
  "100%",
  "user_1",
  "with space",
  "UPPER",
  "upper",
  "ünïcødé ✓ 会话 🚀",
  "k".repeat(512),
  "é".repeat(512),
];

/**
 * Registers the HostStateStore conformance tests. `createStore` must return a fresh, empty store
 * for every test; the suite closes it afterwards.
 */
export function describeStoreConformance(
  name: string,
  createStore: () => Promise<HostStateStore> | HostStateStore,
  options: StoreConformanceOptions = {},
): void {
  describe(`HostStateStore conformance: ${name}`, () => {
    let store: HostStateStore;
    beforeEach(async () => {
      store = await createStore();
    });
    afterEach(async () => {
      await store.close();
    });

    describe("get and set", () => {
      it("answers ping() while open (the host's /readiness check), when it has one", async () => {
        if (store.ping) await expect(store.ping()).resolves.toBeUndefined();
      });

      it("resolves undefined for a missing key", async () => {
        expect(await store.get(NS, "missing")).toBeUndefined();
      });

      it("round-trips a record and counts versions 1, 2, 3", async () => {
        for (const version of [1, 2, 3]) {
          const written = await store.set(NS, "greeting", { text: `hello ${version}` });
          expect(written).toMatchObject({ key: "greeting", value: { text: `hello ${version}` }, version });
          expect(written.expiresAt).toBeUndefined();
        }
        expect(await store.get(NS, "greeting")).toEqual({ key: "greeting", value: { text: "hello 3" }, version: 3 });
      });

      it("returns JSON data equal to what was stored", async () => {
        const values: unknown[] = [
          { nested: { deep: { list: [1, "two", { three: 3 }], empty: {}, none: [] } }, flag: false, nothing: null },
          [0, -1, 1.5, 1e21, Number.MAX_SAFE_INTEGER, true, null, "text"],
          "ünïcødé ✓ 会话 🚀 \"quotes\" \\ back\nslash",
          42,
          true,
          null,
        ];
        for (const [index, value] of values.entries()) await store.set(NS, `value-${index}`, value);
        for (const [index, value] of values.entries()) expect((await store.get(NS, `value-${index}`))?.value).toEqual(value);
      });

      it("isolates stored values from caller mutations", async () => {
        const value = { list: [1, 2], inner: { n: 1 } };
        const written = await store.set(NS, "isolated", value);
        value.list.push(3);
        value.inner.n = 99;
        (written.value as { inner: { n: number } }).inner.n = 98;
        const read = await store.get<typeof value>(NS, "isolated");
        read!.value.list.push(4);
        expect((await store.get(NS, "isolated"))?.value).toEqual({ list: [1, 2], inner: { n: 1 } });
      });

      it("keeps namespaces apart", async () => {
        await store.set("ns-a", "shared", "from a");
        await store.set("ns-b", "shared", "from b");
        expect((await store.get("ns-a", "shared"))?.value).toBe("from a");
        expect((await store.get("ns-b", "shared"))?.value).toBe("from b");
        await store.delete("ns-a", "shared");
        expect(await store.get("ns-a", "shared")).toBeUndefined();
        expect((await store.list("ns-b")).map((record) => record.value)).toEqual(["from b"]);
      });

      it("stores awkward keys (/ : # . % spaces, case, unicode, 512 chars) as distinct keys", async () => {
        for (const key of AWKWARD_KEYS) await store.set(NS, key, { key });
        for (const key of AWKWARD_KEYS) expect(await store.get(NS, key)).toEqual({ key, value: { key }, version: 1 });
        const listed = (await store.list(NS)).map((record) => record.key);
        expect([...listed].sort()).toEqual([...AWKWARD_KEYS].sort());
      });

      it("rejects an invalid namespace or key with a TypeError", async () => {
        for (const namespace of ["", "Upper", "../etc", "with space", "x".repeat(65)]) {
          await expect(store.get(namespace, "k")).rejects.toThrow(TypeError);
          await expect(store.set(namespace, "k", 1)).rejects.toThrow(TypeError);
          await expect(store.list(namespace)).rejects.toThrow(TypeError);
        }
        await expect(store.get(NS, "")).rejects.toThrow(TypeError);
        await expect(store.set(NS, "k".repeat(513), 1)).rejects.toThrow(TypeError);
      });
    });

    describe("compare-and-set", () => {
      it("ifVersion 0 creates only when the key is absent", async () => {
        expect((await store.set(NS, "once", "first", { ifVersion: 0 })).version).toBe(1);
        const error = await store.set(NS, "once", "second", { ifVersion: 0 }).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(VersionConflictError);
        expect(error).toMatchObject({ namespace: NS, key: "once", expected: 0, actual: 1 });
        expect(await store.get(NS, "once")).toEqual({ key: "once", value: "first", version: 1 });
      });

      it("writes on a matching version and throws VersionConflictError on a mismatch, changing nothing", async () => {
        await store.set(NS, "cas", "v1");
        expect((await store.set(NS, "cas", "v2", { ifVersion: 1 })).version).toBe(2);
        await expect(store.set(NS, "cas", "stale", { ifVersion: 1 })).rejects.toBeInstanceOf(VersionConflictError);
        await expect(store.set(NS, "cas", "future", { ifVersion: 7 })).rejects.toBeInstanceOf(VersionConflictError);
        expect(await store.get(NS, "cas")).toEqual({ key: "cas", value: "v2", version: 2 });
      });

      it("lets exactly one of many concurrent creators win", async () => {
        const attempts = Array.from({ length: 10 }, (_, n) => store.set(NS, "race", n, { ifVersion: 0 }));
        const results = await Promise.allSettled(attempts);
        const winners = results.filter((result) => result.status === "fulfilled");
        expect(winners).toHaveLength(1);
        for (const result of results) {
          if (result.status === "rejected") expect(result.reason).toBeInstanceOf(VersionConflictError);
        }
        expect((await store.get(NS, "race"))?.value).toBe(winners[0]!.value.value);
      });

      it("loses no update under 20 concurrent updateRecord increments", async () => {
        const increments = Array.from({ length: 20 }, () =>
          updateRecord<number>(store, NS, "counter", (current) => (current ?? 0) + 1),
        );
        await Promise.all(increments);
        expect(await store.get(NS, "counter")).toEqual({ key: "counter", value: 20, version: 20 });
      });
    });

    describe("delete and consume", () => {
      it("deletes a key and resolves whether a record was removed", async () => {
        expect(await store.delete(NS, "gone")).toBe(false);
        await store.set(NS, "gone", 1);
        expect(await store.delete(NS, "gone")).toBe(true);
        expect(await store.get(NS, "gone")).toBeUndefined();
        expect(await store.delete(NS, "gone")).toBe(false);
        expect((await store.set(NS, "gone", 2, { ifVersion: 0 })).value).toBe(2);
      });

      it("deletes with ifVersion only on a matching version", async () => {
        await store.set(NS, "guarded", "a");
        await store.set(NS, "guarded", "b");
        await expect(store.delete(NS, "guarded", { ifVersion: 1 })).rejects.toBeInstanceOf(VersionConflictError);
        expect((await store.get(NS, "guarded"))?.value).toBe("b");
        expect(await store.delete(NS, "guarded", { ifVersion: 2 })).toBe(true);
        expect(await store.get(NS, "guarded")).toBeUndefined();
        await expect(store.delete(NS, "guarded", { ifVersion: 2 })).rejects.toBeInstanceOf(VersionConflictError);
      });

      it("consumes a record once and removes it", async () => {
        expect(await store.consume(NS, "ticket")).toBeUndefined();
        await store.set(NS, "ticket", { seat: "12A" });
        expect(await store.consume(NS, "ticket")).toEqual({ key: "ticket", value: { seat: "12A" }, version: 1 });
        expect(await store.get(NS, "ticket")).toBeUndefined();
        expect(await store.consume(NS, "ticket")).toBeUndefined();
      });

      it("gives the record to exactly one of many concurrent consumers", async () => {
        await store.set(NS, "single-use", "secret");
        const results = await Promise.all(Array.from({ length: 10 }, () => store.consume(NS, "single-use")));
        expect(results.filter((result) => result !== undefined)).toEqual([{ key: "single-use", value: "secret", version: 1 }]);
      });
    });

    describe("list", () => {
      const keys = ["item:10", "item:2", "item:B", "item:a", "item_x", "itemz", "user_1", "userX1", "100%", "100x"];

      it("lists by prefix in ascending binary key order, honouring limit", async () => {
        for (const key of [...keys].reverse()) await store.set(NS, key, key.length);
        const listed = await store.list(NS, { prefix: "item:" });
        expect(listed.map((record) => record.key)).toEqual(["item:10", "item:2", "item:B", "item:a"]);
        expect(listed[0]).toEqual({ key: "item:10", value: 7, version: 1 });
        expect((await store.list(NS, { prefix: "item:", limit: 2 })).map((record) => record.key)).toEqual(["item:10", "item:2"]);
        expect((await store.list(NS)).map((record) => record.key)).toEqual([...keys].sort());
      });

      it("treats prefix characters literally (no wildcards)", async () => {
        for (const key of keys) await store.set(NS, key, true);
        expect((await store.list(NS, { prefix: "user_" })).map((record) => record.key)).toEqual(["user_1"]);
        expect((await store.list(NS, { prefix: "100%" })).map((record) => record.key)).toEqual(["100%"]);
        expect((await store.list(NS, { prefix: "item_" })).map((record) => record.key)).toEqual(["item_x"]);
      });

      it("resolves an empty array for an empty namespace or unmatched prefix", async () => {
        expect(await store.list("never-used")).toEqual([]);
        await store.set(NS, "one", 1);
        expect(await store.list(NS, { prefix: "zzz" })).toEqual([]);
      });
    });

    describe.skipIf(options.supportsTtl === false)("TTL", () => {
      it("sets expiresAt from ttlMs", async () => {
        const before = Date.now();
        const written = await store.set(NS, "timed", 1, { ttlMs: 60_000 });
        expect(written.expiresAt).toBeGreaterThanOrEqual(before + 59_000);
        expect(written.expiresAt).toBeLessThanOrEqual(Date.now() + 61_000);
        expect((await store.get(NS, "timed"))?.expiresAt).toBe(written.expiresAt);
      });

      it("hides an expired record from get, list and consume", async () => {
        await store.set(NS, "short", "bye", { ttlMs: 50 });
        await store.set(NS, "long", "stays");
        expect((await store.get(NS, "short"))?.value).toBe("bye");
        await sleep(120);
        expect(await store.get(NS, "short")).toBeUndefined();
        expect((await store.list(NS)).map((record) => record.key)).toEqual(["long"]);
        expect(await store.consume(NS, "short")).toBeUndefined();
      });

      it("fills a limited list with live records past expired ones", async () => {
        for (const key of ["a1", "a2", "a3"]) await store.set(NS, key, key, { ttlMs: 50 });
        for (const key of ["b1", "b2", "b3"]) await store.set(NS, key, key);
        await sleep(120);
        expect((await store.list(NS, { limit: 2 })).map((record) => record.key)).toEqual(["b1", "b2"]);
      });

      it("treats an expired key as absent for ifVersion 0", async () => {
        await store.set(NS, "lease", "old", { ttlMs: 50 });
        await sleep(120);
        expect((await store.set(NS, "lease", "new", { ifVersion: 0 })).value).toBe("new");
        expect((await store.get(NS, "lease"))?.value).toBe("new");
      });

      it("keeps a record written again without ttlMs", async () => {
        await store.set(NS, "renewed", 1, { ttlMs: 50 });
        await store.set(NS, "renewed", 2);
        await sleep(120);
        expect(await store.get(NS, "renewed")).toEqual({ key: "renewed", value: 2, version: 2 });
      });
    });

    if (options.reopen) {
      const reopen = options.reopen;
      describe("restart", () => {
        it("keeps records, versions and expiry across close and reopen", async () => {
          await store.set(NS, "kept", { turns: [1] });
          await store.set(NS, "kept", { turns: [1, 2] });
          const timed = await store.set(NS, "timed", "soon", { ttlMs: 60_000 });
          await store.set(NS, "dropped", true);
          await store.delete(NS, "dropped");
          const closed = store;
          const reopened = await reopen(closed);
          await closed.close();
          store = reopened;
          expect(await store.get(NS, "kept")).toEqual({ key: "kept", value: { turns: [1, 2] }, version: 2 });
          expect(await store.get(NS, "timed")).toEqual(timed);
          expect(await store.get(NS, "dropped")).toBeUndefined();
          expect((await store.set(NS, "kept", "next", { ifVersion: 2 })).version).toBe(3);
          expect((await store.list(NS)).map((record) => record.key)).toEqual(["kept", "timed"]);
        });
      });
    }

    if (options.otherProcess) {
      const otherProcess = options.otherProcess;
      describe("two processes", () => {
        it("loses no update, creates once and consumes once with writers in two processes", async () => {
          for (let n = 0; n < CONTENDER_RACES; n++) await store.set(CONTENDER_NAMESPACE, `ticket-${n}`, n);
          const child = startChildContender(otherProcess(store));
          await child.ready;
          child.go();
          const [mine, theirs] = await Promise.all([contend(store, "parent"), child.result]);
          const counter = await store.get(CONTENDER_NAMESPACE, "counter");
          expect(counter).toEqual({ key: "counter", value: 2 * CONTENDER_INCREMENTS, version: 2 * CONTENDER_INCREMENTS });
          expect([...mine.created, ...theirs.created].sort()).toEqual(Array.from({ length: CONTENDER_RACES }, (_, n) => `race-${n}`).sort());
          expect([...mine.consumed, ...theirs.consumed].sort()).toEqual(Array.from({ length: CONTENDER_RACES }, (_, n) => `ticket-${n}`).sort());
          for (const key of mine.created) expect((await store.get(CONTENDER_NAMESPACE, key))?.value).toBe("parent");
        }, 30_000);
      });
    }

    describe("close", () => {
      it("rejects calls after close", async () => {
        await store.set(NS, "k", 1);
        await store.close();
        await expect(store.get(NS, "k")).rejects.toThrow(/closed/i);
        await expect(store.set(NS, "k", 2)).rejects.toThrow(/closed/i);
        await expect(store.list(NS)).rejects.toThrow(/closed/i);
      });

      it("resolves when called twice", async () => {
        await store.close();
        await expect(store.close()).resolves.toBeUndefined();
      });
    });
  });
}
