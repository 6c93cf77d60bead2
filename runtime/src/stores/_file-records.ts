// Reading and writing one record file of the file store: a JSON document { key, value, version,
// expiresAt? }. Damaged files raise CorruptRecordError naming the file and the way out.
import { readFile } from "node:fs/promises";
import type { StoredRecord } from "./types.ts";

/** A record file that is not a valid record (edited or damaged outside the host). */
export class CorruptRecordError extends Error {
  readonly path: string;
  constructor(path: string, problem: string, options?: { cause?: unknown }) {
    super(
      `Corrupt record file ${path}: ${problem}. The file store writes atomically, so the file was changed ` +
        `outside the host. Restore it from a backup, or delete the file (or the key) to drop the record.`,
      options,
    );
    this.name = "CorruptRecordError";
    this.path = path;
  }
}

function isRecord(data: unknown): data is StoredRecord {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return false;
  const record = data as Record<string, unknown>;
  return (
    typeof record.key === "string" &&
    "value" in record &&
    Number.isSafeInteger(record.version) &&
    (record.version as number) >= 1 &&
    (record.expiresAt === undefined || typeof record.expiresAt === "number")
  );
}

/** Parses a record file's text; `key`, when given, must match the key stored inside. */
export function parseRecord(path: string, text: string, key?: string): StoredRecord {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CorruptRecordError(path, "it is not valid JSON", { cause: error });
  }
  if (!isRecord(data)) throw new CorruptRecordError(path, "it is not a { key, value, version } record");
  if (key !== undefined && data.key !== key) {
    throw new CorruptRecordError(path, `it holds key ${JSON.stringify(data.key)} instead of ${JSON.stringify(key)}`);
  }
  return data;
}

/** Reads a record file; undefined when it does not exist. */
export async function readRecord(path: string, key?: string): Promise<StoredRecord | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  return parseRecord(path, text, key);
}

/** The file text for a record; throws a TypeError naming the key when the value is not JSON data. */
export function serializeRecord(namespace: string, record: StoredRecord): string {
  try {
    return `${JSON.stringify(record)}\n`;
  } catch (error) {
    throw new TypeError(
      `Cannot store the value at ${namespace}/${record.key}: it is not JSON data (${(error as Error).message}). ` +
        `Store plain objects, arrays, strings, numbers, booleans and null.`,
      { cause: error },
    );
  }
}
