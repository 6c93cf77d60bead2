// The default HostStateStore: one JSON file per record under <dir>/<namespace>/, written atomically
// so it survives restarts and crashes. Meant for ONE host process per directory (use SQL/Redis for replicas).
import { join, resolve } from "node:path";
import { ensureDir, removeFile, writeFileAtomic } from "./_atomic-file.ts";
import { recordFileName } from "./_file-names.ts";
import { CorruptRecordError, parseRecord, readRecord, serializeRecord } from "./_file-records.ts";
import { listDir, sweepRoot } from "./_file-scan.ts";
import { KeyLock } from "../_key-lock.ts";
import { checkIfVersion, checkLimit, checkSetOptions, checkValue, closedStoreError, isExpired } from "./_record.ts";
import {
  assertKey,
  assertNamespace,
  VersionConflictError,
  type HostStateStore,
  type ListOptions,
  type SetOptions,
  type StoredRecord,
} from "./types.ts";

export { CorruptRecordError } from "./_file-records.ts";

export interface FileStoreOptions {
  /** Root directory; created on the first write. */
  dir: string;
  /** Where `list` reports corrupt record files it skips. Default: console.warn. */
  warn?: (message: string) => void;
}

export type FileStore = HostStateStore & {
  /** Removes expired records and temp files left by a crash; resolves how many records were removed. */
  sweep(): Promise<number>;
};

/**
 * Corrupt record files (changed outside the host) make `get`, `set`, `consume` and `delete` with
 * `ifVersion` throw a CorruptRecordError naming the file; `list` skips them with a warning and a
 * plain `delete` removes them. Compare-and-set and consume are atomic within this process only.
 */
export function fileStore(options: FileStoreOptions): FileStore {
  const root = resolve(options.dir);
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const locks = new KeyLock();
  const readyDirs = new Set<string>();
  const inFlight = new Set<string>();
  const pending = new Set<Promise<unknown>>();
  let closed = false;

  /** Runs an operation unless the store is closed, tracking it so close() can wait for it. */
  function run<T>(operation: () => Promise<T>): Promise<T> {
    if (closed) return Promise.reject(closedStoreError("file", root));
    const promise = operation();
    const forget = () => pending.delete(promise);
    pending.add(promise);
    promise.then(forget, forget);
    return promise;
  }

  function locate(namespace: string, key: string): { dir: string; path: string } {
    assertNamespace(namespace);
    assertKey(key);
    const dir = join(root, namespace);
    return { dir, path: join(dir, recordFileName(key)) };
  }

  async function readLive(path: string, key: string): Promise<StoredRecord | undefined> {
    const record = await readRecord(path, key);
    return record && !isExpired(record) ? record : undefined;
  }

  function checkVersion(namespace: string, key: string, expected: number | undefined, actual: number): void {
    if (expected !== undefined && expected !== actual) throw new VersionConflictError(namespace, key, expected, actual);
  }

  return {
    name: "file",

    get<T = unknown>(namespace: string, key: string) {
      return run(async () => {
        const { path } = locate(namespace, key);
        return (await readLive(path, key)) as StoredRecord<T> | undefined;
      });
    },

    set<T = unknown>(namespace: string, key: string, value: T, setOptions?: SetOptions) {
      return run(async () => {
        const { dir, path } = locate(namespace, key);
        checkValue(namespace, key, value);
        const expiresAt = checkSetOptions(setOptions);
        return locks.run(path, async () => {
          const actual = (await readLive(path, key))?.version ?? 0;
          checkVersion(namespace, key, setOptions?.ifVersion, actual);
          const record: StoredRecord = { key, value, version: actual + 1 };
          if (expiresAt !== undefined) record.expiresAt = expiresAt;
          const text = serializeRecord(namespace, record);
          if (!readyDirs.has(dir)) {
            await ensureDir(dir);
            readyDirs.add(dir);
          }
          await writeFileAtomic(path, text, inFlight);
          return parseRecord(path, text) as StoredRecord<T>; // a copy, exactly as `get` will return it
        });
      });
    },

    delete(namespace: string, key: string, deleteOptions?: { ifVersion?: number }) {
      return run(async () => {
        const { path } = locate(namespace, key);
        checkIfVersion(deleteOptions?.ifVersion);
        return locks.run(path, async () => {
          let current: StoredRecord | undefined;
          try {
            current = await readRecord(path, key);
          } catch (error) {
            if (error instanceof CorruptRecordError && deleteOptions?.ifVersion === undefined) return removeFile(path);
            throw error;
          }
          const live = current && !isExpired(current) ? current : undefined;
          checkVersion(namespace, key, deleteOptions?.ifVersion, live?.version ?? 0);
          if (current) await removeFile(path); // an expired record goes too, but does not count
          return live !== undefined;
        });
      });
    },

    consume<T = unknown>(namespace: string, key: string) {
      return run(async () => {
        const { path } = locate(namespace, key);
        return locks.run(path, async () => {
          const current = await readRecord(path, key);
          if (current) await removeFile(path);
          return current && !isExpired(current) ? (current as StoredRecord<T>) : undefined;
        });
      });
    },

    list<T = unknown>(namespace: string, listOptions: ListOptions = {}) {
      return run(async () => {
        assertNamespace(namespace);
        const limit = checkLimit(listOptions.limit);
        return (await listDir(join(root, namespace), listOptions.prefix ?? "", limit, warn)) as StoredRecord<T>[];
      });
    },

    sweep() {
      return run(() => sweepRoot(root, locks, inFlight));
    },

    async ping() {
      if (closed) throw closedStoreError("file", root);
    },

    async close() {
      closed = true;
      await Promise.allSettled([...pending]);
    },
  };
}
