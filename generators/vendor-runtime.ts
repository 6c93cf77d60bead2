// packRuntime: builds and packs this repository's `agent-host` runtime into the tarball a generated
// project installs from vendor/ (the published file set: dist, README, LICENSE). Cached by a source hash.
import { createHash, randomBytes } from "node:crypto";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runNpm } from "./npm.ts";
import { packageVersion } from "./repo.ts";
import { listFiles } from "./tree.ts";

/** Bump when the packing below changes, so old cached tarballs are not reused. */
const PACK_FORMAT = "2";
/** Everything the tarball is built from, besides runtime/src. */
const INPUTS = ["runtime/package.json", "runtime/README.md", "runtime/LICENSE", "runtime/tsconfig.build.json", "runtime/scripts/build.ts", "tsconfig.base.json"];

export async function packRuntime(repoRoot: string): Promise<{ fileName: string; bytes: Uint8Array }> {
  const fileName = `agent-host-${await packageVersion("runtime", repoRoot)}.tgz`;
  const cacheRoot = join(repoRoot, "node_modules", ".cache", "create-agent-host");
  const key = `runtime-${await sourceHash(repoRoot)}`;
  const cached = join(cacheRoot, key, fileName);
  const hit = await readFile(cached).catch(() => undefined);
  if (hit) return { fileName, bytes: new Uint8Array(hit) };

  const bytes = await buildAndPack(repoRoot, fileName);
  await mkdir(join(cacheRoot, key), { recursive: true });
  const partial = `${cached}.${randomBytes(4).toString("hex")}.partial`;
  await writeFile(partial, bytes);
  await rename(partial, cached);
  await pruneCache(cacheRoot, key);
  return { fileName, bytes };
}

/**
 * What `npm pack` in runtime/ publishes (its prepack builds dist/), staged in a temporary folder so
 * runtime/dist is left alone: a concurrent `npm pack` there (runtime/test/pack.test.ts) rebuilds it.
 * The same `files` list in package.json decides what goes in.
 */
async function buildAndPack(repoRoot: string, fileName: string): Promise<Uint8Array> {
  const work = await mkdtemp(join(tmpdir(), "agent-host-pack-"));
  try {
    const pkg = join(work, "package");
    await runNpm(["run", "build", "-w", "agent-host", "--", "--outDir", join(pkg, "dist")], repoRoot);
    for (const file of ["package.json", "README.md", "LICENSE"]) await copyFile(join(repoRoot, "runtime", file), join(pkg, file));
    // --ignore-scripts: prepack (the build) already ran above, into this folder.
    const { stdout } = await runNpm(["pack", "--json", "--ignore-scripts", "--pack-destination", work], pkg);
    const packed = (JSON.parse(stdout) as Array<{ filename?: string }>)[0]?.filename;
    if (packed !== fileName) throw new Error(`npm pack wrote "${packed}", expected "${fileName}"; check the name and version in runtime/package.json.`);
    return new Uint8Array(await readFile(join(work, packed)));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** sha256 (16 hex digits) over the runtime's sources and build inputs: paths and bytes. */
async function sourceHash(repoRoot: string): Promise<string> {
  const hash = createHash("sha256").update(`pack-format ${PACK_FORMAT}\n`);
  const sources = (await listFiles(join(repoRoot, "runtime", "src"))).map((path) => `runtime/src/${path}`);
  for (const path of [...INPUTS, ...sources]) {
    hash.update(`${path}\n`);
    hash.update(await readFile(join(repoRoot, path)));
  }
  return hash.digest("hex").slice(0, 16);
}

/** Removes tarballs of older runtime sources. */
async function pruneCache(cacheRoot: string, keep: string): Promise<void> {
  const entries = await readdir(cacheRoot);
  const stale = entries.filter((entry) => entry.startsWith("runtime-") && entry !== keep);
  await Promise.all(stale.map((entry) => rm(join(cacheRoot, entry), { recursive: true, force: true })));
}
