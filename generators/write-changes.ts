// applyChanges: writes and deletes files of an existing project all or nothing. New contents are
// staged inside the project first; then each old file is moved aside and the new one moved in, and
// any failure moves everything back. Files that changed since they were read are refused.
import { randomBytes } from "node:crypto";
import { chmod, mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { hashContent } from "./manifest.ts";
import { assertInsideProject } from "./write.ts";

export interface FileChange {
  path: string;
  /** The new content, or null to delete the file. */
  content: string | Uint8Array | null;
  /** The content it was planned against (undefined: the file did not exist); a different file on disk stops the run. */
  expected: string | Uint8Array | undefined;
}

/** A file changed between planning and writing. */
export class ChangedMeanwhileError extends Error {
  constructor(path: string) {
    super(`${path} changed while this command was running; nothing was written. Run the command again.`);
    this.name = "ChangedMeanwhileError";
  }
}

async function current(path: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw error;
  }
}

/** Removes `dir` and its parents up to (not including) `root` while they are empty. */
async function pruneEmpty(dir: string, root: string): Promise<void> {
  for (let at = dir; at !== root && at.startsWith(root); at = dirname(at)) {
    if ((await readdir(at).catch(() => ["?"])).length > 0) return;
    await rmdir(at);
  }
}

export async function applyChanges(projectDir: string, changes: readonly FileChange[]): Promise<void> {
  const root = resolve(projectDir);
  for (const change of changes) assertInsideProject(change.path);
  for (const change of changes) {
    const now = await current(join(root, change.path));
    const unchanged = now === undefined ? change.expected === undefined : change.expected !== undefined && hashContent(now) === hashContent(change.expected);
    if (!unchanged) throw new ChangedMeanwhileError(change.path);
  }
  // Inside the project: the same file system as its files, so every move below is an atomic rename.
  const staging = join(root, `.agent-host-edit-${randomBytes(4).toString("hex")}`);
  const [fresh, old] = [join(staging, "new"), join(staging, "old")];
  const done: Array<{ change: FileChange; movedAside: boolean; movedIn: boolean }> = [];
  try {
    for (const change of changes) {
      if (change.content === null) continue;
      await mkdir(dirname(join(fresh, change.path)), { recursive: true });
      await writeFile(join(fresh, change.path), change.content);
      const mode = (await stat(join(root, change.path)).catch(() => undefined))?.mode;
      if (mode !== undefined) await chmod(join(fresh, change.path), mode & 0o777);
    }
    for (const change of changes) {
      const step = { change, movedAside: false, movedIn: false };
      done.push(step);
      const target = join(root, change.path);
      if (change.expected !== undefined) {
        await mkdir(dirname(join(old, change.path)), { recursive: true });
        await rename(target, join(old, change.path));
        step.movedAside = true;
      }
      if (change.content !== null) {
        await mkdir(dirname(target), { recursive: true });
        await rename(join(fresh, change.path), target);
        step.movedIn = true;
      }
    }
  } catch (error) {
    for (const step of done.reverse()) {
      const target = join(root, step.change.path);
      if (step.movedIn) await rm(target, { force: true });
      if (step.movedAside) await rename(join(old, step.change.path), target);
      else await pruneEmpty(dirname(target), root);
    }
    throw error;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  for (const change of changes) if (change.content === null) await pruneEmpty(dirname(join(root, change.path)), root);
}
