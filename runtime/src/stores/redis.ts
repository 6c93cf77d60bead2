// HostStateStore on Redis (`ioredis`): one hash per record with native expiry (PEXPIRE), a sorted-set
// index per namespace for ordered prefix listing without KEYS, and Lua scripts for CAS, delete and consume.
import { Redis } from "ioredis";
import { StoreUnavailableError } from "../host/errors.ts";
import { checkDurableKey, describeUrl, serializeValue } from "./_durable.ts";
import { checkIfVersion, checkLimit, checkSetOptions, closedStoreError } from "./_record.ts";
import { CONSUME, DELETE, LIST, PRUNE_INDEX, SET, type LuaScript } from "./_redis-scripts.ts";
import { assertNamespace, VersionConflictError, type HostStateStore, type ListOptions, type SetOptions, type StoredRecord } from "./types.ts";

export interface RedisStoreOptions {
  /** e.g. `redis://:password@host:6379/0` (usually `env.REDIS_URL`). Or pass `client`. */
  url?: string;
  /** A client you own (the store does not quit it on close). */
  client?: Redis;
  /** Prepended to every key, so several hosts or apps can share one database. Default `agent-host:`. */
  prefix?: string;
  /** How long the TCP connect may take before the attempt fails and is retried. Default 5000 ms. Client created here only. */
  connectTimeoutMs?: number;
  /**
   * How long one command may wait (queued while connecting, or sent to a server that does not answer)
   * before it rejects with StoreUnavailableError (503 in the host). Default 10000 ms. A command also fails
   * after two reconnect attempts instead of queueing forever. Client created here only.
   */
  commandTimeoutMs?: number;
}

/** Defaults of RedisStoreOptions.connectTimeoutMs and commandTimeoutMs. */
const REDIS_CONNECT_TIMEOUT_MS = 5000;
const REDIS_COMMAND_TIMEOUT_MS = 10_000;
const UNAVAILABLE = /max retries per request|Connection is closed|Command timed out|Stream isn't writeable|ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|EHOSTUNREACH/i;

export type RedisStore = HostStateStore & {
  /** Drops index entries of records Redis has expired; resolves how many. (Records themselves expire natively.) */
  sweep(): Promise<number>;
};

type Reply = [string | null, string | null, string | null];

export function redisStore(options: RedisStoreOptions): RedisStore {
  const prefix = options.prefix ?? "agent-host:";
  if (/[{}]/.test(prefix)) throw new TypeError(`Invalid Redis key prefix "${prefix}": it must not contain { or } (the store uses a hash tag per namespace).`);
  if (!options.client && !options.url) throw new TypeError("redisStore needs a url (e.g. env.REDIS_URL) or an ioredis client.");
  const ownsClient = !options.client;
  let lastConnectionError: string | undefined;
  const client = options.client ?? new Redis(options.url as string, {
      lazyConnect: true,
      maxRetriesPerRequest: 2,
      connectTimeout: options.connectTimeoutMs ?? REDIS_CONNECT_TIMEOUT_MS,
      commandTimeout: options.commandTimeoutMs ?? REDIS_COMMAND_TIMEOUT_MS,
    });
  const where = options.url ? describeUrl(options.url) : `${client.options.host ?? "localhost"}:${client.options.port ?? 6379} (the client passed to redisStore)`;
  if (ownsClient) client.on("error", (error: Error) => (lastConnectionError = error.message)); // surfaced by the failing call
  let closed = false;

  const base = (ns: string) => `${prefix}{${ns}}`;
  const recordKey = (ns: string, key: string) => `${base(ns)}:r:${key}`;
  const indexKey = (ns: string) => `${base(ns)}:i`;

  async function call<T>(operation: () => Promise<unknown>): Promise<T> {
    if (closed) throw closedStoreError("redis", where);
    try {
      return (await operation()) as T;
    } catch (error) {
      if (error instanceof Error && UNAVAILABLE.test(error.message)) {
        const reason = lastConnectionError ? `${error.message} (${lastConnectionError})` : error.message;
        const detail = `Cannot use Redis at ${where}: ${reason}. Check the URL (REDIS_URL) and that the server is running and answering.`;
        throw new StoreUnavailableError("redis", detail, { cause: error });
      }
      throw error;
    }
  }

  /** Runs a Lua script by its SHA, loading it on the first NOSCRIPT. */
  function run<T>(script: LuaScript, keys: string[], args: Array<string | number | Buffer>): Promise<T> {
    return call<T>(async () => {
      try {
        return await client.evalsha(script.sha, keys.length, ...keys, ...args);
      } catch (error) {
        if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
        return client.eval(script.source, keys.length, ...keys, ...args);
      }
    });
  }

  function toRecord<T>(key: string, [value, version, expiresAt]: Reply): StoredRecord<T> {
    const record: StoredRecord<T> = { key, value: JSON.parse(value as string) as T, version: Number(version) };
    if (expiresAt) record.expiresAt = Number(expiresAt);
    return record;
  }

  return {
    name: "redis",
    shared: true,

    async get<T = unknown>(ns: string, key: string) {
      checkDurableKey(ns, key);
      const reply = await call<Reply>(() => client.hmget(recordKey(ns, key), "v", "n", "x"));
      return reply[0] === null ? undefined : toRecord<T>(key, reply);
    },

    async set<T = unknown>(ns: string, key: string, value: T, setOptions?: SetOptions) {
      checkDurableKey(ns, key);
      const text = serializeValue(ns, key, value);
      const expiresAt = checkSetOptions(setOptions);
      const ttlMs = expiresAt === undefined ? "" : Math.ceil(setOptions?.ttlMs as number);
      const ifVersion = setOptions?.ifVersion;
      const [ok, version] = await run<[number, number]>(SET, [recordKey(ns, key), indexKey(ns)], [key, text, ifVersion ?? "", ttlMs, expiresAt ?? ""]);
      if (!ok) throw new VersionConflictError(ns, key, ifVersion as number, version);
      return toRecord<T>(key, [text, String(version), expiresAt === undefined ? null : String(expiresAt)]);
    },

    async delete(ns: string, key: string, deleteOptions?: { ifVersion?: number }) {
      checkDurableKey(ns, key);
      const ifVersion = deleteOptions?.ifVersion;
      checkIfVersion(ifVersion);
      const [ok, count] = await run<[number, number]>(DELETE, [recordKey(ns, key), indexKey(ns)], [key, ifVersion ?? ""]);
      if (!ok) throw new VersionConflictError(ns, key, ifVersion as number, count);
      return count > 0;
    },

    async consume<T = unknown>(ns: string, key: string) {
      checkDurableKey(ns, key);
      const reply = await run<Reply | null>(CONSUME, [recordKey(ns, key), indexKey(ns)], [key]);
      return reply ? toRecord<T>(key, reply) : undefined;
    },

    async list<T = unknown>(ns: string, listOptions: ListOptions = {}) {
      assertNamespace(ns);
      const limit = checkLimit(listOptions.limit);
      if (closed) throw closedStoreError("redis", where);
      if (limit === 0) return [];
      const start = listOptions.prefix ? `[${listOptions.prefix}` : "-";
      // Every key starting with the prefix sorts below prefix + byte 0xFF (never part of UTF-8).
      const end = listOptions.prefix ? Buffer.concat([Buffer.from(`(${listOptions.prefix}`), Buffer.from([0xff])]) : "+";
      const flat = await run<string[]>(LIST, [indexKey(ns)], [start, end, Number.isFinite(limit) ? limit : -1, `${base(ns)}:r:`]);
      const records: StoredRecord<T>[] = [];
      for (let i = 0; i < flat.length; i += 4) {
        records.push(toRecord<T>(flat[i] as string, [flat[i + 1] as string, flat[i + 2] as string, flat[i + 3] || null]));
      }
      return records;
    },

    async sweep() {
      let removed = 0;
      let cursor = "0";
      do {
        const [next, indexes] = await call<[string, string[]]>(() => client.scan(cursor, "MATCH", `${globEscape(prefix)}{*}:i`, "COUNT", 500));
        cursor = next;
        for (const index of indexes) removed += await run<number>(PRUNE_INDEX, [index], [`${index.slice(0, -2)}:r:`]);
      } while (cursor !== "0");
      return removed;
    },

    async ping() {
      await call(() => client.ping());
    },

    async close() {
      if (closed) return;
      closed = true;
      if (ownsClient) await client.quit().catch(() => client.disconnect());
    },
  };
}

/** `text` with Redis glob characters escaped, for SCAN MATCH. */
function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, (char) => `\\${char}`);
}
