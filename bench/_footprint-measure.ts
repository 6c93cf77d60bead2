// What an install weighs: node_modules walked without following symlinks — bytes of its files (apparent
// size), blocks on disk (what `du` shows) and the packages in it (scoped and nested ones counted too).
import { lstat, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

export interface Footprint {
  /** Sum of the regular files' sizes (`du -s --apparent-size` also counts folders, 4 KiB each). */
  fileBytes: number;
  /** Blocks allocated to files, folders and symlinks (st_blocks × 512: what `du -s -B1` shows). */
  diskBytes: number;
  files: number;
  /** "name@version" of every package folder (node_modules/<name>, node_modules/@scope/<name>, nested too). */
  packages: string[];
}

/** Walks a folder tree: every regular file's size, and the blocks of everything in it. */
async function addSizes(dir: string, into: Footprint): Promise<void> {
  into.diskBytes += (await lstat(dir)).blocks * 512;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await addSizes(path, into);
    else {
      const stat = await lstat(path);
      into.diskBytes += stat.blocks * 512;
      if (stat.isFile()) {
        into.fileBytes += stat.size;
        into.files += 1;
      }
    }
  }
}

/** The package folders under one node_modules folder, and those under their own node_modules. */
async function addPackages(nodeModules: string, into: string[]): Promise<void> {
  const entries = await readdir(nodeModules, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    const path = join(nodeModules, entry.name);
    if (entry.name.startsWith("@")) {
      for (const scoped of await readdir(path, { withFileTypes: true })) {
        if (scoped.isDirectory()) await addPackage(join(path, scoped.name), into);
      }
    } else await addPackage(path, into);
  }
}

async function addPackage(dir: string, into: string[]): Promise<void> {
  const pkg = await readFile(join(dir, "package.json"), "utf8").then((text) => JSON.parse(text) as { name?: unknown; version?: unknown }, () => undefined);
  if (typeof pkg?.name === "string") into.push(`${pkg.name}@${String(pkg.version)}`);
  await addPackages(join(dir, "node_modules"), into);
}

export async function measureNodeModules(projectDir: string): Promise<Footprint> {
  const nodeModules = join(projectDir, "node_modules");
  const footprint: Footprint = { fileBytes: 0, diskBytes: 0, files: 0, packages: [] };
  await addSizes(nodeModules, footprint);
  await addPackages(nodeModules, footprint.packages);
  footprint.packages.sort();
  return footprint;
}

export interface Downloads {
  /** Package tarballs fetched from the registry. */
  tarballBytes: number;
  tarballs: number;
  /** Package metadata (packuments) fetched to resolve the tree: dev dependencies and peers included. */
  metadataBytes: number;
  documents: number;
}

/** What a cold install fetched, from its own npm cache's index (cacache: one JSON entry a line, the last wins). */
export async function npmDownloads(cacheDir: string): Promise<Downloads> {
  const index = join(cacheDir, "_cacache", "index-v5");
  const entries = new Map<string, number>();
  for (const file of await readdir(index, { recursive: true, withFileTypes: true })) {
    if (!file.isFile()) continue;
    for (const line of (await readFile(join(file.parentPath, file.name), "utf8")).split("\n")) {
      const json = line.slice(line.indexOf("\t") + 1);
      if (!json.startsWith("{")) continue;
      const entry = JSON.parse(json) as { key?: string; size?: number };
      if (entry.key && typeof entry.size === "number") entries.set(entry.key, entry.size);
    }
  }
  const downloads: Downloads = { tarballBytes: 0, tarballs: 0, metadataBytes: 0, documents: 0 };
  for (const [key, size] of entries) {
    if (!key.startsWith("make-fetch-happen:request-cache:")) continue; // local file: tarballs are not downloads
    if (key.endsWith(".tgz")) {
      downloads.tarballBytes += size;
      downloads.tarballs += 1;
    } else {
      downloads.metadataBytes += size;
      downloads.documents += 1;
    }
  }
  return downloads;
}
