// Runs the HostStateStore conformance suite against the memory store, plus its sweep.
// The memory store is the reference for tests and demos, so it must pass everything.
import { describe, expect, it } from "vitest";
import { memoryStore } from "../../src/stores/memory.ts";
import { describeStoreConformance } from "../../src/testing/store-conformance.ts";

describeStoreConformance("memory", () => memoryStore());

describe("memoryStore", () => {
  it("sweep removes expired records and counts them", async () => {
    const store = memoryStore();
    await store.set("sessions", "a", 1, { ttlMs: 20 });
    await store.set("sessions", "b", 2, { ttlMs: 20 });
    await store.set("other", "c", 3);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await store.sweep()).toBe(2);
    expect(await store.sweep()).toBe(0);
    expect((await store.list("other")).map((record) => record.key)).toEqual(["c"]);
    await store.close();
  });

  it("is named memory", () => {
    expect(memoryStore().name).toBe("memory");
  });
});
