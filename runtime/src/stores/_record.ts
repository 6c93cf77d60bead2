// Edge rules every built-in store shares: option and value checks, expiry arithmetic, key order
// and the error for a closed store, so the memory and file stores agree on the corners.
import type { SetOptions } from "./types.ts";

/** Throws a TypeError unless `ifVersion` is absent or a whole number >= 0. */
export function checkIfVersion(ifVersion: number | undefined): void {
  if (ifVersion === undefined) return;
  if (!Number.isSafeInteger(ifVersion) || ifVersion < 0) {
    throw new TypeError(
      `Invalid ifVersion ${String(ifVersion)}: use a whole number >= 0 (0 means "only if the key does not exist yet").`,
    );
  }
}

/** Checks `options` and returns when a record written now expires (epoch ms), or undefined for no TTL. */
export function checkSetOptions(options: SetOptions | undefined, now = Date.now()): number | undefined {
  checkIfVersion(options?.ifVersion);
  const ttlMs = options?.ttlMs;
  if (ttlMs === undefined) return undefined;
  if (typeof ttlMs !== "number" || !Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new TypeError(`Invalid ttlMs ${String(ttlMs)}: use a positive number of milliseconds, or leave it out to keep the record.`);
  }
  return now + Math.ceil(ttlMs);
}

/** Throws a TypeError for `undefined`, which JSON-backed stores could not round-trip. */
export function checkValue(namespace: string, key: string, value: unknown): void {
  if (value === undefined) {
    throw new TypeError(`Cannot store undefined at ${namespace}/${key}: store null instead, or delete the key.`);
  }
}

export function isExpired(record: { expiresAt?: number }, now = Date.now()): boolean {
  return record.expiresAt !== undefined && record.expiresAt <= now;
}

/** Ascending key order by UTF-16 code units (the order `list` promises). */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Checks a `list` limit: absent, or a whole number >= 0. */
export function checkLimit(limit: number | undefined): number {
  if (limit === undefined) return Number.POSITIVE_INFINITY;
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new TypeError(`Invalid list limit ${String(limit)}: use a whole number >= 0, or leave it out for all records.`);
  }
  return limit;
}

/** The error every call on a closed store rejects with; `where` locates it (a directory, a URL). */
export function closedStoreError(store: string, where?: string): Error {
  const at = where === undefined ? "" : ` at ${where}`;
  return new Error(`The ${store} store${at} is closed: create a new store instead of reusing one after close().`);
}
