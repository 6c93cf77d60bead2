// --dry-run: compares the files that would be written with what the directory holds, then prints
// the tree (+ new, ~ changed, = unchanged) and a unified diff of every changed text file.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { GeneratedFile } from "../../generators/tree.ts";
import { unifiedDiff } from "./_diff.ts";
import { renderTree } from "./_tree.ts";

export type FileStatus = "create" | "overwrite" | "unchanged";

export interface FileChange {
  path: string;
  status: FileStatus;
  /** Unified diff lines, for a changed text file. */
  diff?: string[];
}

const MARK: Record<FileStatus, string> = { create: "+ ", overwrite: "~ ", unchanged: "= " };

async function readExisting(path: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(path);
  } catch {
    return undefined;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

/** What writing `files` into `dir` would do to each of them. */
export async function compareWithDisk(files: GeneratedFile[], dir: string): Promise<FileChange[]> {
  return Promise.all(
    files.map(async (file): Promise<FileChange> => {
      const existing = await readExisting(join(dir, file.path));
      if (!existing) return { path: file.path, status: "create" };
      const next = typeof file.content === "string" ? new TextEncoder().encode(file.content) : file.content;
      if (sameBytes(existing, next)) return { path: file.path, status: "unchanged" };
      if (typeof file.content !== "string") return { path: file.path, status: "overwrite", diff: [`Binary file ${file.path} differs`] };
      return { path: file.path, status: "overwrite", diff: unifiedDiff(new TextDecoder().decode(existing), file.content, file.path) };
    }),
  );
}

/** The printed report: tree (with markers when the directory exists), then the diffs. */
export function dryRunReport(changes: FileChange[], dirDisplay: string, dirExists: boolean): string[] {
  const status = new Map(changes.map((change) => [change.path, change.status]));
  const lines = [`Would write ${changes.length} files to ${dirDisplay}${dirExists ? " (which already exists)" : ""}:`, ""];
  lines.push(...renderTree([...status.keys()], (path) => (dirExists ? MARK[status.get(path)!] : "")));
  if (!dirExists) return lines;
  const count = (kind: FileStatus) => changes.filter((change) => change.status === kind).length;
  lines.push("", `+ new ${count("create")}   ~ changed (overwritten with --force) ${count("overwrite")}   = unchanged ${count("unchanged")}`);
  lines.push("Files of the directory not listed above stay as they are.");
  for (const change of changes) if (change.diff?.length) lines.push("", ...change.diff);
  return lines;
}
