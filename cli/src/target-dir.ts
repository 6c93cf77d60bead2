// The project directory: resolved against the working directory, checked for emptiness before any
// question is asked, and turned into the npm package name of the project.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { CliError } from "./_errors.ts";

export const DEFAULT_DIR = "my-agent-host";

export interface TargetDir {
  /** Absolute path. */
  path: string;
  /** As the user should type it after `cd` (relative to the working directory; "." for it). */
  display: string;
}

export function resolveTargetDir(cwd: string, input: string): TargetDir {
  const absolute = path.resolve(cwd, input.trim());
  const relative = path.relative(cwd, absolute);
  const display = relative === "" ? "." : relative.startsWith("..") || path.isAbsolute(relative) ? absolute : relative;
  return { path: absolute, display: display.includes(" ") ? JSON.stringify(display) : display };
}

/** A valid npm package name from the directory's base name ("My Agent" → "my-agent"). */
export function packageNameFor(dir: string): string {
  const name = path
    .basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9-._~]+/g, "-")
    .replace(/^[-._~]+|-+$/g, "");
  return name || "agent-host-app";
}

/** The entries of a directory; none when it does not exist. Throws when the path is a file. */
export async function existingEntries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    if ((error as NodeJS.ErrnoException).code === "ENOTDIR") throw new CliError(`${dir} is a file, not a directory: choose another project directory.`);
    throw error;
  }
}

export async function isEmptyDir(dir: string): Promise<boolean> {
  return (await existingEntries(dir)).length === 0;
}

export function notEmptyMessage(target: TargetDir): string {
  return `The directory ${target.display} is not empty. Choose a new directory, or re-run with --force to write the project into it (existing files with the same paths are overwritten).`;
}
