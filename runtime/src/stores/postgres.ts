// HostStateStore on PostgreSQL (`pg`): any number of host replicas share one table; compare-and-set
// by a version column, prefix listing by an escaped LIKE on "C"-ordered keys, TTL by an expiry column.
import pg from "pg";
import { checkDurableKey, describeUrl, serializeValue } from "./_durable.ts";
import { postgresError } from "./_postgres-errors.ts";
import { checkIdentifier, likePrefix, postgresStatements } from "./_postgres-sql.ts";
import { checkIfVersion, checkLimit, checkSetOptions, closedStoreError } from "./_record.ts";
import { assertNamespace, VersionConflictError, type HostStateStore, type ListOptions, type SetOptions, type StoredRecord } from "./types.ts";

export interface PostgresStoreOptions {
  /** e.g. `postgres://user:password@host:5432/db` (usually `env.DATABASE_URL`). Or pass `pool`. */
  connectionString?: string;
  /** A pool you own (the store does not end it on close). */
  pool?: pg.Pool;
  /** Schema for the table, created on first use. Default `agent_host`. */
  schema?: string;
  /** Table name, created on first use. Default `host_state`. */
  table?: string;
  /** Connections in the pool the store creates from `connectionString`. Default 10. */
  maxConnections?: number;
  /**
   * How long opening a connection (TCP + startup) or waiting for a free one may take before the call
   * rejects with StoreUnavailableError (503 in the host). Default 5000 ms. Pool created here only.
   */
  connectTimeoutMs?: number;
  /**
   * How long one statement may run: sent as `statement_timeout` (the server cancels it) and used as the
   * client's `query_timeout` (a server that stops answering). Then StoreUnavailableError. Default 10000 ms.
   * Pool created here only: set `connectionTimeoutMillis` and `query_timeout` on a pool you pass yourself.
   */
  statementTimeoutMs?: number;
}

/** Defaults of PostgresStoreOptions.connectTimeoutMs and statementTimeoutMs. */
const POSTGRES_CONNECT_TIMEOUT_MS = 5000;
const POSTGRES_STATEMENT_TIMEOUT_MS = 10_000;

export type PostgresStore = HostStateStore & {
  /** Removes expired records now; resolves how many were removed. */
  sweep(): Promise<number>;
};

type Row = { key?: string; value: string; version: number; expires_at: string | null };

const SWEEP_EVERY_WRITES = 1000;

export function postgresStore(options: PostgresStoreOptions): PostgresStore {
  const schema = options.schema ?? "agent_host";
  const table = options.table ?? "host_state";
  checkIdentifier("schema", schema);
  checkIdentifier("table", table);
  if (!options.pool && !options.connectionString) {
    throw new TypeError("postgresStore needs a connectionString (e.g. env.DATABASE_URL) or a pg Pool.");
  }
  const ownsPool = !options.pool;
  const statementTimeoutMs = options.statementTimeoutMs ?? POSTGRES_STATEMENT_TIMEOUT_MS;
  const pool =
    options.pool ??
    new pg.Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? POSTGRES_CONNECT_TIMEOUT_MS,
      statement_timeout: statementTimeoutMs,
      query_timeout: statementTimeoutMs,
    });
  const where = options.connectionString ? describeUrl(options.connectionString) : describePool(pool);
  const secret = options.connectionString ? passwordOf(options.connectionString) : undefined;
  if (ownsPool) pool.on("error", () => {}); // an idle connection dropped by the server; the next query reconnects
  const sql = postgresStatements(schema, table);
  let ready: Promise<void> | undefined;
  let closed = false;
  let writes = 0;

  async function createSchema(): Promise<void> {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await client.query(sql.schema[0]!, [`agent-host:${schema}.${table}`]);
      for (const statement of sql.schema.slice(1)) await client.query(statement);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  /** Checks the store is open and its table exists (created on first use); call before reading the clock. */
  async function open(): Promise<void> {
    if (closed) throw closedStoreError("postgres", where);
    try {
      await (ready ??= createSchema().catch((error) => {
        ready = undefined; // try again on the next call
        throw error;
      }));
    } catch (error) {
      throw postgresError(error, where, secret);
    }
  }

  /** Runs one statement; connection failures become clear errors. */
  async function query(text: string, params: unknown[]): Promise<Row[]> {
    if (closed) throw closedStoreError("postgres", where);
    try {
      return (await pool.query(text, params)).rows as Row[];
    } catch (error) {
      throw postgresError(error, where, secret);
    }
  }

  function toRecord<T>(key: string, row: Row): StoredRecord<T> {
    const record: StoredRecord<T> = { key, value: JSON.parse(row.value) as T, version: row.version };
    if (row.expires_at !== null) record.expiresAt = Number(row.expires_at);
    return record;
  }

  async function liveVersion(ns: string, key: string, now: number): Promise<number> {
    return (await query(sql.get, [ns, key, now]))[0]?.version ?? 0;
  }

  const isLive = (row: Row, now: number) => row.expires_at === null || Number(row.expires_at) > now;

  return {
    name: "postgres",
    shared: true,

    async get<T = unknown>(ns: string, key: string) {
      checkDurableKey(ns, key);
      await open();
      const [row] = await query(sql.get, [ns, key, Date.now()]);
      return row ? toRecord<T>(key, row) : undefined;
    },

    async set<T = unknown>(ns: string, key: string, value: T, setOptions?: SetOptions) {
      checkDurableKey(ns, key);
      const text = serializeValue(ns, key, value);
      checkSetOptions(setOptions); // bad options fail before any round trip
      await open();
      const now = Date.now();
      const expires = checkSetOptions(setOptions, now) ?? null;
      const ifVersion = setOptions?.ifVersion;
      const [written] =
        ifVersion === undefined
          ? await query(sql.put, [ns, key, text, expires, now])
          : ifVersion === 0
            ? await query(sql.create, [ns, key, text, expires, now])
            : await query(sql.replace, [ns, key, text, expires, now, ifVersion]);
      if (!written) throw new VersionConflictError(ns, key, ifVersion ?? 0, await liveVersion(ns, key, now));
      if (++writes % SWEEP_EVERY_WRITES === 0) void query(sql.sweep, [Date.now()]).catch(() => {}); // lazy TTL cleanup
      return toRecord<T>(key, { value: text, version: written.version, expires_at: expires === null ? null : String(expires) });
    },

    async delete(ns: string, key: string, deleteOptions?: { ifVersion?: number }) {
      checkDurableKey(ns, key);
      const ifVersion = deleteOptions?.ifVersion;
      checkIfVersion(ifVersion);
      await open();
      const now = Date.now();
      if (ifVersion === 0) {
        // "Delete only if absent": nothing to delete; a live record is a conflict.
        const actual = await liveVersion(ns, key, now);
        if (actual !== 0) throw new VersionConflictError(ns, key, 0, actual);
        return false;
      }
      if (ifVersion === undefined) {
        const [removed] = await query(sql.remove, [ns, key]);
        return removed !== undefined && isLive(removed, now);
      }
      if ((await query(sql.removeVersion, [ns, key, now, ifVersion])).length > 0) return true;
      throw new VersionConflictError(ns, key, ifVersion, await liveVersion(ns, key, now));
    },

    async consume<T = unknown>(ns: string, key: string) {
      checkDurableKey(ns, key);
      await open();
      const [removed] = await query(sql.remove, [ns, key]);
      return removed && isLive(removed, Date.now()) ? toRecord<T>(key, removed) : undefined;
    },

    async list<T = unknown>(ns: string, listOptions: ListOptions = {}) {
      assertNamespace(ns);
      const limit = checkLimit(listOptions.limit);
      await open();
      if (limit === 0) return [];
      const rows = await query(sql.list, [ns, likePrefix(listOptions.prefix ?? ""), Date.now(), Number.isFinite(limit) ? limit : null]);
      return rows.map((row) => toRecord<T>(row.key as string, row));
    },

    async sweep() {
      await open();
      const rows = await query(`${sql.sweep} RETURNING 1 AS version`, [Date.now()]);
      return rows.length;
    },

    async ping() {
      await query("SELECT 1 AS version", []);
    },

    async close() {
      if (closed) return;
      closed = true;
      if (ownsPool) await pool.end();
    },
  };
}

function passwordOf(connectionString: string): string | undefined {
  try {
    const password = decodeURIComponent(new URL(connectionString).password);
    return password || undefined;
  } catch {
    return undefined;
  }
}

function describePool(pool: pg.Pool): string {
  const settings = (pool as { options?: { host?: string; port?: number; database?: string } }).options ?? {};
  return `${settings.host ?? "localhost"}:${settings.port ?? 5432}/${settings.database ?? ""} (the pool passed to postgresStore)`;
}
