// Where the scaffolder's own files are: the repository root (templates, runtime) and the versions
// of the two packages, read from their package.json files (baked in by the published CLI's build).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { baked } from "./_baked.ts";

/**
 * The folder holding `templates/`: the repository root in a checkout; in the published CLI the
 * package root (its chunks sit in dist/, one level down, like generators/ here).
 */
export const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** `version` of the package.json at `<root>/<folder>/package.json` (the baked-in one in the published CLI). */
export async function packageVersion(folder: "runtime" | "cli", root: string = REPO_ROOT): Promise<string> {
  if (baked && root === REPO_ROOT) return folder === "runtime" ? baked.runtimeVersion : baked.cliVersion;
  const file = join(root, folder, "package.json");
  const parsed: unknown = JSON.parse(await readFile(file, "utf8"));
  const version = (parsed as { version?: unknown }).version;
  if (typeof version !== "string" || version === "") throw new Error(`${file} has no "version"; add one (e.g. "0.1.0").`);
  return version;
}

/**
 * The dependency spec generated projects use for `agent-host` when nothing else is given: the exact
 * published version from the published CLI, the tarball packed into vendor/ from a checkout.
 */
export async function defaultRuntimeSpec(root: string = REPO_ROOT): Promise<string> {
  if (baked && root === REPO_ROOT) return baked.runtimeVersion;
  return `file:vendor/agent-host-${await packageVersion("runtime", root)}.tgz`;
}
