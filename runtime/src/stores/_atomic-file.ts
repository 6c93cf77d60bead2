// Crash-safe file primitives: write to a temp file, fsync, rename over the target, fsync the
// directory. A crash leaves either the old or the new file, never a torn one.
import { randomUUID } from "node:crypto";
import { mkdir, open, rename, rm, unlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import { TEMP_PREFIX } from "./_file-names.ts";

/** Makes a directory entry change durable. Platforms that cannot fsync directories are skipped. */
export async function syncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EISDIR" && code !== "EPERM" && code !== "EINVAL" && code !== "EBADF") throw error;
  } finally {
    await handle?.close();
  }
}

/** `mkdir -p` that also fsyncs the parent of every directory it created. */
export async function ensureDir(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true });
  if (first === undefined) return;
  for (let created = dir; ; created = dirname(created)) {
    await syncDir(dirname(created));
    if (created === first || dirname(created) === created) break;
  }
}

/**
 * Atomically replaces `path` with `data`. The temp file's path sits in `inFlight` while it exists,
 * so a concurrent sweep can tell it from a crash leftover.
 */
export async function writeFileAtomic(path: string, data: string, inFlight: Set<string>): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `${TEMP_PREFIX}${randomUUID()}`);
  inFlight.add(temp);
  try {
    const handle = await open(temp, "wx");
    try {
      await handle.writeFile(data, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => {});
    throw error;
  } finally {
    inFlight.delete(temp);
  }
  await syncDir(dir);
}

/** Removes a file durably; resolves false when it did not exist. */
export async function removeFile(path: string): Promise<boolean> {
  try {
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
  await syncDir(dirname(path));
  return true;
}
