// In-memory HostStateStore for tests and single-process demos: nothing survives a restart.
// Values are copied in and out, so callers can never mutate stored state: JSON data is kept as JSON
// text (one string per record: nearly free for the GC however many records pile up, and JSON.parse
// makes each copy handed out), anything else as a structuredClone.
import { checkIfVersion, checkLimit, checkSetOptions, checkValue, closedStoreError, compareKeys, isExpired } from "./_record.ts";
import {
  assertKey,
  assertNamespace,
  VersionConflictError,
  type HostStateStore,
  type ListOptions,
  type SetOptions,
  type StoredRecord,
} from "./types.ts";

export type MemoryStore = HostStateStore & {
  /** Removes expired records now; resolves how many were removed. */
  sweep(): Promise<number>;
};

/** A record as kept: its value either as JSON text or, when JSON would not copy it exactly, as a private clone. */
interface Entry {
  key: string;
  version: number;
  expiresAt?: number;
  json?: string;
  clone?: unknown;
}

export function memoryStore(): MemoryStore {
  const namespaces = new Map<string, Map<string, Entry>>();
  let closed = false;

  /** Validates the call and returns the namespace's map (created on demand). */
  function open(namespace: string, key?: string): Map<string, Entry> {
    if (closed) throw closedStoreError("memory");
    assertNamespace(namespace);
    if (key !== undefined) assertKey(key);
    let records = namespaces.get(namespace);
    if (!records) namespaces.set(namespace, (records = new Map()));
    return records;
  }

  /** The live (unexpired) record for a key; an expired one is dropped on the way. */
  function live(records: Map<string, Entry>, key: string): Entry | undefined {
    const record = records.get(key);
    if (record && isExpired(record)) {
      records.delete(key);
      return undefined;
    }
    return record;
  }

  /** The entry as a StoredRecord with a fresh copy of its value. */
  function copy<T>(record: Entry): StoredRecord<T> {
    const value = record.json !== undefined ? JSON.parse(record.json) : structuredClone(record.clone);
    const out: StoredRecord = { key: record.key, value, version: record.version };
    if (record.expiresAt !== undefined) out.expiresAt = record.expiresAt;
    return out as StoredRecord<T>;
  }

  return {
    name: "memory",

    async get<T = unknown>(namespace: string, key: string) {
      const record = live(open(namespace, key), key);
      return record ? copy<T>(record) : undefined;
    },

    async set<T = unknown>(namespace: string, key: string, value: T, options?: SetOptions) {
      const records = open(namespace, key);
      checkValue(namespace, key, value);
      const expiresAt = checkSetOptions(options);
      const current = live(records, key);
      const actual = current?.version ?? 0;
      if (options?.ifVersion !== undefined && options.ifVersion !== actual) {
        throw new VersionConflictError(namespace, key, options.ifVersion, actual);
      }
      const record: Entry = { key, version: actual + 1 };
      if (expiresAt !== undefined) record.expiresAt = expiresAt;
      // One walk checks that the value is JSON data and copies it: the copy is what the caller gets
      // back, its JSON text what the store keeps. Anything else is kept as a structuredClone.
      const written = copyJsonData(value, 0);
      if (written === NOT_JSON_DATA) record.clone = structuredClone(value);
      else record.json = JSON.stringify(written);
      records.set(key, record);
      if (written === NOT_JSON_DATA) return copy<T>(record);
      return { key, value: written as T, version: record.version, ...(expiresAt !== undefined ? { expiresAt } : {}) };
    },

    async delete(namespace: string, key: string, options?: { ifVersion?: number }) {
      const records = open(namespace, key);
      checkIfVersion(options?.ifVersion);
      const current = live(records, key);
      const actual = current?.version ?? 0;
      if (options?.ifVersion !== undefined && options.ifVersion !== actual) {
        throw new VersionConflictError(namespace, key, options.ifVersion, actual);
      }
      return records.delete(key);
    },

    async consume<T = unknown>(namespace: string, key: string) {
      const records = open(namespace, key);
      const record = live(records, key);
      if (!record) return undefined;
      records.delete(key);
      return copy<T>(record);
    },

    async list<T = unknown>(namespace: string, options: ListOptions = {}) {
      const records = open(namespace);
      const limit = checkLimit(options.limit);
      const prefix = options.prefix ?? "";
      const keys = [...records.keys()].filter((key) => key.startsWith(prefix)).sort(compareKeys);
      const result: StoredRecord<T>[] = [];
      for (const key of keys) {
        if (result.length >= limit) break;
        const record = live(records, key);
        if (record) result.push(copy<T>(record));
      }
      return result;
    },

    async sweep() {
      if (closed) throw closedStoreError("memory");
      const now = Date.now();
      let removed = 0;
      for (const records of namespaces.values()) {
        for (const [key, record] of records) {
          if (isExpired(record, now)) {
            records.delete(key);
            removed++;
          }
        }
      }
      return removed;
    },

    async ping() {
      if (closed) throw closedStoreError("memory");
    },

    async close() {
      closed = true;
      namespaces.clear();
    },
  };
}

const NOT_JSON_DATA = Symbol("not JSON data");

/**
 * A copy of `value` when a JSON round trip copies it exactly as structuredClone would — plain objects
 * and arrays of strings, booleans, finite numbers (not -0) and null, no holes, no undefined, at most 64
 * levels deep — else NOT_JSON_DATA. (Like structuredClone, JSON ignores symbol keys and non-enumerable
 * properties; unlike it, JSON drops named properties of arrays and copies an object reachable twice
 * twice: neither exists in JSON data.)
 */
function copyJsonData(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0) ? value : NOT_JSON_DATA;
    case "object":
      break;
    default:
      return NOT_JSON_DATA; // undefined, bigint, function, symbol
  }
  if (value === null) return null;
  if (depth > 64) return NOT_JSON_DATA; // or a cycle
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return NOT_JSON_DATA;
    const copy: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      const item = i in value ? copyJsonData(value[i], depth + 1) : NOT_JSON_DATA; // a hole
      if (item === NOT_JSON_DATA) return NOT_JSON_DATA;
      copy.push(item);
    }
    return copy;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return NOT_JSON_DATA;
  const copy: Record<string, unknown> = {};
  for (const key in value) {
    const item = copyJsonData((value as Record<string, unknown>)[key], depth + 1);
    // An own "__proto__" key would set the copy's prototype instead: structuredClone handles it.
    if (item === NOT_JSON_DATA || key === "__proto__") return NOT_JSON_DATA;
    copy[key] = item;
  }
  return copy;
}
