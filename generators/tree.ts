// A generated project as data: files with posix paths relative to the project root, and the two
// conversions to and from a folder on disk (listing is sorted, so output order is deterministic).
import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";

export interface GeneratedFile {
  /** Posix path relative to the project root, e.g. `src/host.ts`. */
  path: string;
  content: string | Uint8Array;
}

/** Every file under `dir` (recursively), as sorted posix paths relative to `dir`. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .sort(comparePaths);
}

/** Reads a folder back into files: text when the bytes are valid UTF-8, bytes otherwise. */
export async function readTree(dir: string): Promise<GeneratedFile[]> {
  const paths = await listFiles(dir);
  return Promise.all(paths.map(async (path) => ({ path, content: decode(await readFile(join(dir, path))) })));
}

/** Byte-wise order of paths (not locale order), the same on every machine. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Bytes as text when they are valid UTF-8, as bytes otherwise. */
export function decode(bytes: Uint8Array): string | Uint8Array {
  try {
    return utf8.decode(bytes);
  } catch {
    return new Uint8Array(bytes);
  }
}
