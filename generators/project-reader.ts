// Where add-channel and remove-channel read a project from: a folder on disk, or files in memory
// (tests). Paths are posix and relative to the project root; a file that does not exist is undefined.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { decode, type GeneratedFile } from "./tree.ts";

export interface ProjectReader {
  read(path: string): Promise<string | Uint8Array | undefined>;
}

export function diskReader(dir: string): ProjectReader {
  return {
    async read(path) {
      try {
        return decode(await readFile(join(dir, path)));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR") return undefined;
        throw error;
      }
    },
  };
}

export function memoryReader(files: ReadonlyMap<string, string | Uint8Array> | readonly GeneratedFile[]): ProjectReader {
  const map = files instanceof Map ? files : new Map((files as readonly GeneratedFile[]).map((file) => [file.path, file.content]));
  return { read: async (path) => map.get(path) };
}
