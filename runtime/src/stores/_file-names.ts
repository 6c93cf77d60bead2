// Reversible, filesystem-safe file names for store keys: `[a-z0-9_-]` kept, every other UTF-16
// unit escaped as %XX or %uXXXX (upper-case hex), so names never collide on case-insensitive disks.
import { createHash } from "node:crypto";

export const RECORD_EXTENSION = ".json";
/** Temporary files of in-progress atomic writes; readers skip every name starting with ".". */
export const TEMP_PREFIX = ".tmp-";
/** Longer encodings are replaced by a hash; the original key is inside the record anyway. */
const MAX_ENCODED_LENGTH = 200;
const HASHED_PREFIX = "~";
const PLAIN = /^[a-z0-9_-]$/;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)$/;

function escapeUnit(unit: number): string {
  const hex = unit.toString(16).toUpperCase();
  return unit < 0x100 ? `%${hex.padStart(2, "0")}` : `%u${hex.padStart(4, "0")}`;
}

/** The file name stem for `key` (without extension). Hashed stems start with "~". */
export function encodeKey(key: string): string {
  let stem = "";
  for (let i = 0; i < key.length; i++) {
    const char = key.charAt(i);
    stem += PLAIN.test(char) ? char : escapeUnit(key.charCodeAt(i));
  }
  if (WINDOWS_DEVICE.test(stem)) stem = escapeUnit(stem.charCodeAt(0)) + stem.slice(1);
  if (stem.length <= MAX_ENCODED_LENGTH) return stem;
  return HASHED_PREFIX + createHash("sha256").update(stem).digest("hex");
}

export function recordFileName(key: string): string {
  return encodeKey(key) + RECORD_EXTENSION;
}

export type ParsedFileName =
  | { kind: "record"; key: string }
  | { kind: "hashed" }
  | { kind: "temp" }
  | { kind: "other" };

/** Classifies a directory entry. Names this store would not have written are "other". */
export function parseFileName(name: string): ParsedFileName {
  if (name.startsWith(TEMP_PREFIX)) return { kind: "temp" };
  if (!name.endsWith(RECORD_EXTENSION)) return { kind: "other" };
  const stem = name.slice(0, -RECORD_EXTENSION.length);
  if (/^~[0-9a-f]{64}$/.test(stem)) return { kind: "hashed" };
  const key = decodeStem(stem);
  return key !== undefined && key.length > 0 && encodeKey(key) === stem ? { kind: "record", key } : { kind: "other" };
}

function decodeStem(stem: string): string | undefined {
  let key = "";
  for (let i = 0; i < stem.length; ) {
    if (stem[i] !== "%") {
      key += stem[i++];
      continue;
    }
    const wide = stem[i + 1] === "u";
    const hex = wide ? stem.slice(i + 2, i + 6) : stem.slice(i + 1, i + 3);
    if (!/^[0-9A-F]+$/.test(hex) || hex.length !== (wide ? 4 : 2)) return undefined;
    key += String.fromCharCode(Number.parseInt(hex, 16));
    i += wide ? 6 : 3;
  }
  return key;
}
