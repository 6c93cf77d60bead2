// HostStateStore on Node's built-in SQLite (`node:sqlite`, no native addon): one file, WAL mode and a
// busy timeout, so several host processes on one machine can share it; every write is one atomic statement.
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { SQLInputValue, StatementSync } from "node:sqlite";
import { checkDurableKey, serializeValue } from "./_durable.ts";
import { checkIfVersion, checkLimit, checkSetOptions, closedStoreError } from "./_record.ts";
import { loadSqlite } from "./_sqlite-load.ts";
import { globPrefix, sqliteStatements } from "./_sqlite-sql.ts";
import { assertNamespace, VersionConflictError, type HostStateStore, type ListOptions, type SetOptions, type StoredRecord } from "./types.ts";

export interface SqliteStoreOptions {
  /** Database file (its directory is created), e.g. `.agent-host/state.db`; `":memory:"` for a throwaway one. */
  path: string;
  /** Table name. Default `agent_host_state`. */
  table?: string;
  /** How long a write waits for another process holding the lock, in ms. Default 5000. */
  busyTimeoutMs?: number;
  /** `"normal"` (default) survives process crashes; `"full"` also survives power loss, at some write speed. */
  synchronous?: "normal" | "full";
}

export type SqliteStore = HostStateStore & {
  /** Removes expired records now; resolves how many were removed. */
  sweep(): Promise<number>;
};

type Row = { key?: string; value: string; version: number; expires_at: number | null };

const SWEEP_EVERY_WRITES = 1000;

export function sqliteStore(options: SqliteStoreOptions): SqliteStore {
  const { DatabaseSync } = loadSqlite();
  const table = options.table ?? "agent_host_state";
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(table)) {
    throw new TypeError(`Invalid SQLite table name "${table}": use letters, digits and _ (at most 63), starting with a letter or _.`);
  }
  const path = options.path === ":memory:" ? options.path : resolve(options.path);
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec(`PRAGMA synchronous = ${options.synchronous === "full" ? "FULL" : "NORMAL"}`);
  const sql = sqliteStatements(table);
  for (const statement of sql.schema) db.exec(statement);
  const prepared = new Map<string, StatementSync>();
  const statement = (text: string) => {
    let found = prepared.get(text);
    if (!found) prepared.set(text, (found = db.prepare(text)));
    return found;
  };
  const row = (text: string, params: Record<string, SQLInputValue>) => statement(text).get(params) as Row | undefined;
  let closed = false;
  let writes = 0;

  function open(): void {
    if (closed) throw closedStoreError("sqlite", path);
  }

  function toRecord<T>(key: string, found: Row): StoredRecord<T> {
    const record: StoredRecord<T> = { key, value: JSON.parse(found.value) as T, version: found.version };
    if (found.expires_at !== null) record.expiresAt = found.expires_at;
    return record;
  }

  function liveVersion(ns: string, key: string, now: number): number {
    return row(sql.get, { ns, key, now })?.version ?? 0;
  }

  function sweepNow(): number {
    return Number(statement(sql.sweep).run({ now: Date.now() }).changes);
  }

  return {
    name: "sqlite",
    shared: true,

    async get<T = unknown>(ns: string, key: string) {
      open();
      checkDurableKey(ns, key);
      const found = row(sql.get, { ns, key, now: Date.now() });
      return found ? toRecord<T>(key, found) : undefined;
    },

    async set<T = unknown>(ns: string, key: string, value: T, setOptions?: SetOptions) {
      open();
      checkDurableKey(ns, key);
      const text = serializeValue(ns, key, value);
      const now = Date.now();
      const expires = checkSetOptions(setOptions, now) ?? null;
      const ifVersion = setOptions?.ifVersion;
      const written =
        ifVersion === undefined
          ? row(sql.put, { ns, key, value: text, expires, now })
          : ifVersion === 0
            ? row(sql.create, { ns, key, value: text, expires, now })
            : row(sql.replace, { ns, key, value: text, expires, now, version: ifVersion });
      if (!written) throw new VersionConflictError(ns, key, ifVersion ?? 0, liveVersion(ns, key, now));
      if (++writes % SWEEP_EVERY_WRITES === 0) sweepNow(); // lazy TTL cleanup, for hosts without a sweeper
      return toRecord<T>(key, { value: text, version: written.version, expires_at: expires });
    },

    async delete(ns: string, key: string, deleteOptions?: { ifVersion?: number }) {
      open();
      checkDurableKey(ns, key);
      const ifVersion = deleteOptions?.ifVersion;
      checkIfVersion(ifVersion);
      const now = Date.now();
      if (ifVersion === 0) {
        // "Delete only if absent": nothing to delete; a live record is a conflict.
        const actual = liveVersion(ns, key, now);
        if (actual !== 0) throw new VersionConflictError(ns, key, 0, actual);
        return false;
      }
      if (ifVersion === undefined) {
        const removed = row(sql.remove, { ns, key });
        return removed !== undefined && (removed.expires_at === null || removed.expires_at > now);
      }
      if (row(sql.removeVersion, { ns, key, now, version: ifVersion })) return true;
      throw new VersionConflictError(ns, key, ifVersion, liveVersion(ns, key, now));
    },

    async consume<T = unknown>(ns: string, key: string) {
      open();
      checkDurableKey(ns, key);
      const removed = row(sql.remove, { ns, key });
      if (!removed || (removed.expires_at !== null && removed.expires_at <= Date.now())) return undefined;
      return toRecord<T>(key, removed);
    },

    async list<T = unknown>(ns: string, listOptions: ListOptions = {}) {
      open();
      assertNamespace(ns);
      const limit = checkLimit(listOptions.limit);
      if (limit === 0) return [];
      const rows = statement(sql.list).all({
        ns,
        glob: globPrefix(listOptions.prefix ?? ""),
        now: Date.now(),
        limit: Number.isFinite(limit) ? limit : -1,
      }) as Row[];
      return rows.map((found) => toRecord<T>(found.key as string, found));
    },

    async sweep() {
      open();
      return sweepNow();
    },

    async ping() {
      open();
    },

    async close() {
      if (closed) return;
      closed = true;
      prepared.clear();
      db.close();
    },
  };
}
