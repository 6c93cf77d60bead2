// The HostStateStore seam: namespaced records with per-key versions (compare-and-set), prefix listing
// and TTL. Continuations, identity registry, session aliases and history all live behind it.

/** One stored record. `version` starts at 1 and rises by one on every write of that key. */
export interface StoredRecord<T = unknown> {
  key: string;
  value: T;
  version: number;
  /** Epoch milliseconds after which the record is gone; absent = kept until deleted. */
  expiresAt?: number;
}

export interface SetOptions {
  /**
   * Compare-and-set: write only if the current version equals this number.
   * `0` means "only if the key does not exist yet". Mismatch → `VersionConflictError`.
   */
  ifVersion?: number;
  /** Time to live in milliseconds from now. */
  ttlMs?: number;
}

export interface ListOptions {
  /** Only keys that start with this string. */
  prefix?: string;
  /** At most this many records, in ascending key order. */
  limit?: number;
}

export interface HostStateStore {
  /** Human-readable name for logs and errors ("memory", "file", …). */
  readonly name: string;
  /**
   * True when other processes may write the same data (SQLite, PostgreSQL, Redis): the host then skips
   * per-process shortcuts that assume it is the only writer (the last-seen write cache).
   */
  readonly shared?: boolean;
  get<T = unknown>(namespace: string, key: string): Promise<StoredRecord<T> | undefined>;
  set<T = unknown>(namespace: string, key: string, value: T, options?: SetOptions): Promise<StoredRecord<T>>;
  /** Removes a key; with `ifVersion`, only when the version matches. Resolves whether a record was removed. */
  delete(namespace: string, key: string, options?: { ifVersion?: number }): Promise<boolean>;
  /** Reads and removes a key atomically: of two concurrent consumers, exactly one gets the record. */
  consume<T = unknown>(namespace: string, key: string): Promise<StoredRecord<T> | undefined>;
  list<T = unknown>(namespace: string, options?: ListOptions): Promise<StoredRecord<T>[]>;
  /**
   * Optional cheap round trip for `/readiness`: resolves when the store answers, rejects when it is closed,
   * unreachable or slow (the host gives it 2 s). Stores without it count as ready.
   */
  ping?(): Promise<void>;
  /** Flushes and releases resources. Further calls fail. */
  close(): Promise<void>;
}

/** Thrown by `set`/`delete` when `ifVersion` does not match the stored version. */
export class VersionConflictError extends Error {
  readonly namespace: string;
  readonly key: string;
  readonly expected: number;
  readonly actual: number;
  constructor(namespace: string, key: string, expected: number, actual: number) {
    super(
      `Version conflict on ${namespace}/${key}: expected version ${expected}, found ${actual}. ` +
        `Another writer changed it first; read it again and retry.`,
    );
    this.name = "VersionConflictError";
    this.namespace = namespace;
    this.key = key;
    this.expected = expected;
    this.actual = actual;
  }
}

const NAMESPACE_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** Throws a clear error for a namespace that stores could not map safely onto files or keys. */
export function assertNamespace(namespace: string): void {
  if (!NAMESPACE_PATTERN.test(namespace)) {
    throw new TypeError(
      `Invalid store namespace "${namespace}": use 1-64 characters of a-z, 0-9, ".", "_" or "-", starting with a letter or digit.`,
    );
  }
}

/**
 * A key no store can keep (empty, over 512 characters, or text a database cannot hold). Usually a
 * caller-supplied id that reached the store unchecked: the host answers it with 400, not 500.
 */
export class InvalidStoreKeyError extends TypeError {
  constructor(key: unknown, rule: string) {
    super(`Invalid store key ${describeKey(key)}: ${rule}`);
    this.name = "InvalidStoreKeyError";
  }
}

/** Throws a clear error for an empty or oversize key. */
export function assertKey(key: string): void {
  if (typeof key !== "string" || key.length === 0 || key.length > 512) {
    throw new InvalidStoreKeyError(key, "use a non-empty string of at most 512 characters.");
  }
}

/** A key as error messages show it: its first 100 characters and its length, never all of a 900 KB id. */
function describeKey(key: unknown): string {
  if (typeof key !== "string") return String(key);
  const shown = key.length > 100 ? `${JSON.stringify(key.slice(0, 100)).slice(0, -1)}…"` : JSON.stringify(key);
  return `${shown} (${key.length} characters)`;
}
