// Read-modify-write on a HostStateStore with compare-and-set and retry, so concurrent writers
// never lose an update. Every store gets it for free; stores need only get/set with ifVersion.
import { VersionConflictError, type HostStateStore, type StoredRecord } from "./types.ts";

export interface UpdateOptions {
  ttlMs?: number;
  /** How many times to retry after a version conflict before giving up. */
  retries?: number;
}

/**
 * Applies `change` to the current value (undefined when absent) and writes the result with
 * compare-and-set, retrying on conflicts. Returning `undefined` from `change` leaves the record as it is.
 */
export async function updateRecord<T>(
  store: HostStateStore,
  namespace: string,
  key: string,
  change: (current: T | undefined) => T | undefined | Promise<T | undefined>,
  options: UpdateOptions = {},
): Promise<StoredRecord<T> | undefined> {
  const retries = options.retries ?? 50;
  for (let attempt = 0; ; attempt++) {
    const current = await store.get<T>(namespace, key);
    const next = await change(current?.value);
    if (next === undefined) return current;
    try {
      return await store.set<T>(namespace, key, next, { ifVersion: current?.version ?? 0, ttlMs: options.ttlMs });
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= retries) throw error;
    }
  }
}
