// PostgreSQL and Redis for bench/stores.ts: where they are, whether they answer, and removing what the
// bench wrote (its own schema and key prefix) afterwards.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import pg from "pg";

export const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
export const suffix = () => randomBytes(4).toString("hex");

export async function reachable(service: "postgres" | "redis"): Promise<boolean> {
  try {
    if (service === "postgres") {
      const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 2000 });
      await client.connect();
      await client.end();
    } else {
      const client = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
      client.on("error", () => {});
      await client.connect();
      client.disconnect();
    }
    return true;
  } catch {
    return false;
  }
}

export async function cleanPostgres(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}

export async function cleanRedis(prefix: string): Promise<void> {
  const client = new Redis(REDIS_URL);
  let cursor = "0";
  do {
    const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
    cursor = next;
    if (keys.length) await client.del(...keys);
  } while (cursor !== "0");
  client.disconnect();
}
