// Store key validation: an empty or oversize key is a TypeError whose message names the key without
// repeating all of it, so a 900 KB id never turns into a 900 KB error message or log line.
import { describe, expect, it } from "vitest";
import { assertKey, memoryStore } from "../../src/index.ts";

describe("assertKey", () => {
  it("takes 1 to 512 characters", () => {
    expect(() => assertKey("k")).not.toThrow();
    expect(() => assertKey("k".repeat(512))).not.toThrow();
  });

  it.each([[""], ["k".repeat(513)], ["k".repeat(900_000)]])("refuses a key of %# with a short TypeError", (key) => {
    let caught: unknown;
    try {
      assertKey(key);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TypeError);
    const { message } = caught as TypeError;
    expect(message).toMatch(/^Invalid store key/);
    expect(message).toContain(`(${key.length} characters)`);
    expect(message.length).toBeLessThan(400);
  });

  it("keeps a store's error short too", async () => {
    const error = await memoryStore().get("ns", "k".repeat(900_000)).catch((caught: unknown) => caught as Error);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message.length).toBeLessThan(400);
  });
});
