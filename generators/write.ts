// writeProject: puts generated files on disk all at once. Everything is written to a sibling staging
// folder first and then moved into place, so a failed or interrupted run leaves no half-written project.
import { randomBytes } from "node:crypto";
import { mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import type { GeneratedFile } from "./tree.ts";

/** The target folder has files in it and `force` was not given. */
export class TargetNotEmptyError extends Error {
  readonly dir: string;
  constructor(dir: string) {
    super(`${dir} is not empty. Choose a new or empty folder, or pass --force to write into it (files with the same names are replaced).`);
    this.name = "TargetNotEmptyError";
    this.dir = dir;
  }
}

export async function writeProject(files: readonly GeneratedFile[], targetDir: string, options: { force?: boolean } = {}): Promise<void> {
  const target = resolve(targetDir);
  for (const file of files) assertInsideProject(file.path);
  const existing = await entriesOf(target);
  if (existing && existing.length > 0 && !options.force) throw new TargetNotEmptyError(target);

  await mkdir(dirname(target), { recursive: true });
  // A sibling of the target: same file system, so the final renames are atomic. (Not mkdtemp: its
  // 0700 mode would become the project folder's mode.)
  const staging = join(dirname(target), `.${basename(target)}.staging-${randomBytes(4).toString("hex")}`);
  await mkdir(staging);
  try {
    // Each folder once, then every file at the same time (not one file system round trip after another).
    for (const folder of new Set(files.map((file) => dirname(join(staging, file.path))))) await mkdir(folder, { recursive: true });
    await Promise.all(files.map((file) => writeFile(join(staging, file.path), file.content)));
    if (!existing) {
      await rename(staging, target);
      return;
    }
    // The target exists (empty, or forced): move each file over, replacing what has its name.
    for (const file of files) {
      const dest = join(target, file.path);
      await mkdir(dirname(dest), { recursive: true });
      if ((await stat(dest).catch(() => undefined))?.isDirectory()) await rm(dest, { recursive: true });
      await rename(join(staging, file.path), dest);
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** The folder's entries, or undefined when it does not exist. */
async function entriesOf(dir: string): Promise<string[] | undefined> {
  try {
    return await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    if (code === "ENOTDIR") throw new Error(`${dir} is a file; choose a folder to create the project in.`);
    throw error;
  }
}

/** Generated paths are relative posix paths that stay inside the project. */
export function assertInsideProject(path: string): void {
  if (path === "" || isAbsolute(path) || path.split(/[\\/]/).some((part) => part === ".." || part === "")) {
    throw new Error(`Refusing to write "${path}": generated paths must be relative and stay inside the project.`);
  }
}
