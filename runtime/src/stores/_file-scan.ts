// Directory scans of the file store: prefix listing in key order, and the sweep that removes
// expired records and temp files left behind by a crash.
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { removeFile } from "./_atomic-file.ts";
import { parseFileName } from "./_file-names.ts";
import { CorruptRecordError, readRecord } from "./_file-records.ts";
import type { KeyLock } from "../_key-lock.ts";
import { compareKeys, isExpired } from "./_record.ts";
import { assertNamespace, type StoredRecord } from "./types.ts";

async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

/** Reads a record for a scan: corrupt files are reported through `warn` and skipped. */
async function readForScan(path: string, key: string | undefined, warn: (message: string) => void) {
  try {
    return await readRecord(path, key);
  } catch (error) {
    if (!(error instanceof CorruptRecordError)) throw error;
    warn(`agent-host file store: skipping ${error.message}`);
    return undefined;
  }
}

/** Unexpired records of one namespace directory whose key starts with `prefix`, ascending, at most `limit`. */
export async function listDir(
  dir: string,
  prefix: string,
  limit: number,
  warn: (message: string) => void,
): Promise<StoredRecord[]> {
  const candidates: { key: string; path: string; record?: StoredRecord }[] = [];
  for (const name of await entries(dir)) {
    const parsed = parseFileName(name);
    const path = join(dir, name);
    if (parsed.kind === "record" && parsed.key.startsWith(prefix)) candidates.push({ key: parsed.key, path });
    if (parsed.kind === "hashed") {
      const record = await readForScan(path, undefined, warn); // the key is only known from inside
      if (record?.key.startsWith(prefix)) candidates.push({ key: record.key, path, record });
    }
  }
  candidates.sort((a, b) => compareKeys(a.key, b.key));
  const now = Date.now();
  const result: StoredRecord[] = [];
  for (const candidate of candidates) {
    if (result.length >= limit) break;
    const record = candidate.record ?? (await readForScan(candidate.path, candidate.key, warn));
    if (record && !isExpired(record, now)) result.push(record);
  }
  return result;
}

/**
 * Removes expired records (under each key's lock, re-checked) and temp files not in `inFlight`
 * in every namespace directory under `root`. Corrupt files are left alone. Resolves the records removed.
 */
export async function sweepRoot(root: string, locks: KeyLock, inFlight: Set<string>): Promise<number> {
  let removed = 0;
  for (const namespace of await entries(root)) {
    try {
      assertNamespace(namespace);
    } catch {
      continue; // not a namespace directory of this store
    }
    const dir = join(root, namespace);
    for (const name of await entries(dir).catch(() => [])) {
      const path = join(dir, name);
      const kind = parseFileName(name).kind;
      if (kind === "temp" && !inFlight.has(path)) await rm(path, { force: true });
      if (kind !== "record" && kind !== "hashed") continue;
      const gone = await locks.run(path, async () => {
        const record = await readRecord(path).catch(() => undefined);
        return record !== undefined && isExpired(record) && (await removeFile(path));
      });
      if (gone) removed++;
    }
  }
  return removed;
}
