// Runs the HostStateStore conformance suite against the Redis store (restart and two processes
// included) under a key prefix of its own, plus native expiry, index pruning and clear connection errors.
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { redisStore, type RedisStoreOptions } from "../../src/stores/redis.ts";
import { requireService } from "../../src/testing/require-service.ts";
import { describeStoreConformance } from "../../src/testing/store-conformance.ts";
import { deleteKeys, probeRedis, REDIS_URL, runId } from "./_services.ts";

const available = await requireService("Redis", probeRedis);
const STORE_MODULE = new URL("../../src/redis.ts", import.meta.url).pathname;
const runPrefix = `agent-host-test-${runId()}:`;
const settings = new WeakMap<object, RedisStoreOptions>();
let stores = 0;

function freshStore() {
  const options = { url: REDIS_URL, prefix: `${runPrefix}${++stores}:` };
  const store = redisStore(options);
  settings.set(store, options);
  return store;
}

describe.skipIf(!available)("redisStore", () => {
  afterAll(async () => {
    await deleteKeys(runPrefix);
  });

  describeStoreConformance("redis", () => freshStore(), {
    reopen: (store) => redisStore(settings.get(store)!),
    otherProcess: (store) => ({ module: STORE_MODULE, factory: "redisStore", options: settings.get(store) }),
  });

  it("lets Redis expire records natively and sweep prunes their index entries", async () => {
    const store = freshStore();
    const prefix = settings.get(store)!.prefix!;
    const raw = new Redis(REDIS_URL);
    try {
      await store.set("docs", "short", 1, { ttlMs: 30 });
      await store.set("docs", "long", 2);
      expect(await raw.pttl(`${prefix}{docs}:r:short`)).toBeGreaterThan(0);
      expect(await raw.pttl(`${prefix}{docs}:r:long`)).toBe(-1);
      await new Promise((resolve) => setTimeout(resolve, 80));
      expect(await raw.exists(`${prefix}{docs}:r:short`)).toBe(0);
      expect(await store.sweep()).toBe(1);
      expect(await raw.zrange(`${prefix}{docs}:i`, "0", "-1")).toEqual(["long"]);
    } finally {
      raw.disconnect();
      await store.close();
    }
  });

  it("works on a client the caller owns and leaves it connected on close", async () => {
    const client = new Redis(REDIS_URL);
    const store = redisStore({ client, prefix: `${runPrefix}own:` });
    await store.set("docs", "k", "v");
    await store.close();
    expect(await client.ping()).toBe("PONG");
    client.disconnect();
  });

  it("names the host and port of an unreachable server, never the password", async () => {
    const store = redisStore({ url: "redis://:s3cret-pw@127.0.0.1:1/0", prefix: runPrefix });
    const error = (await store.get("docs", "k").catch((caught: unknown) => caught)) as Error;
    expect(error.message).not.toContain("127.0.0.1"); // clients see a 503 without the address
    expect(String(error)).toMatch(/Cannot use Redis at 127\.0\.0\.1:1/);
    expect(String(error)).not.toContain("s3cret-pw");
    await store.close();
  });

  it("refuses a prefix with braces and a missing connection", () => {
    expect(() => redisStore({ url: REDIS_URL, prefix: "a{b}" })).toThrow(/must not contain/);
    expect(() => redisStore({})).toThrow(/url/);
  });
});
