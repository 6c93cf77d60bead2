// Runs the HostStateStore conformance suite against the PostgreSQL store (restart and two processes
// included) in a schema of its own, plus concurrent first use, clear connection errors and sweep.
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { postgresStore, type PostgresStoreOptions } from "../../src/stores/postgres.ts";
import { requireService } from "../../src/testing/require-service.ts";
import { describeStoreConformance } from "../../src/testing/store-conformance.ts";
import { DATABASE_URL, dropSchema, probePostgres, runId } from "./_services.ts";

const available = await requireService("PostgreSQL", probePostgres);
const STORE_MODULE = new URL("../../src/postgres.ts", import.meta.url).pathname;
const schema = `agent_host_test_${runId()}`;
const settings = new WeakMap<object, PostgresStoreOptions>();
let tables = 0;

function freshStore(overrides: Partial<PostgresStoreOptions> = {}) {
  const options = { connectionString: DATABASE_URL, schema, table: `t${++tables}`, ...overrides };
  const store = postgresStore(options);
  settings.set(store, options);
  return store;
}

describe.skipIf(!available)("postgresStore", () => {
  afterAll(async () => {
    await dropSchema(schema);
  });

  describeStoreConformance("postgres", () => freshStore(), {
    reopen: (store) => postgresStore(settings.get(store)!),
    otherProcess: (store) => ({ module: STORE_MODULE, factory: "postgresStore", options: settings.get(store) }),
  });

  it("creates its schema and table once under concurrent first use by many stores", async () => {
    const own = `${schema}_first`;
    const stores = Array.from({ length: 6 }, () => freshStore({ schema: own, table: "shared" }));
    try {
      await Promise.all(stores.map((store, n) => store.set("docs", `k${n}`, n)));
      expect((await stores[0]!.list("docs")).map((record) => record.value)).toEqual([0, 1, 2, 3, 4, 5]);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
      await dropSchema(own);
    }
  });

  it("works on a pool the caller owns and leaves it open on close", async () => {
    const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
    const store = postgresStore({ pool, schema, table: `t${++tables}` });
    await store.set("docs", "k", { via: "pool" });
    await store.close();
    expect((await pool.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    await pool.end();
  });

  it("names the host and port of an unreachable server, never the password", async () => {
    const store = postgresStore({ connectionString: "postgres://agent:s3cret-pw@127.0.0.1:1/nowhere", schema });
    const error = (await store.get("docs", "k").catch((caught: unknown) => caught)) as Error;
    expect(error.message).not.toContain("127.0.0.1"); // clients see a 503 without the address
    expect(String(error)).toMatch(/Cannot use PostgreSQL at 127\.0\.0\.1:1\/nowhere/);
    expect(String(error)).not.toContain("s3cret-pw");
    await store.close();
  });

  it("refuses bad schema or table names and a missing connection", () => {
    expect(() => postgresStore({ connectionString: DATABASE_URL, schema: 'x"; drop' })).toThrow(/Invalid PostgreSQL schema name/);
    expect(() => postgresStore({ connectionString: DATABASE_URL, table: "Upper" })).toThrow(/Invalid PostgreSQL table name/);
    expect(() => postgresStore({})).toThrow(/connectionString/);
  });

  it("sweep removes expired rows and counts them", async () => {
    const store = freshStore();
    await store.set("docs", "short", 1, { ttlMs: 20 });
    await store.set("docs", "long", 2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await store.sweep()).toBe(1);
    expect(await store.sweep()).toBe(0);
    await store.close();
  });
});
