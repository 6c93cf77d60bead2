// Where the scaffolder's own files are: the repository root (templates, runtime) and the versions
// of the two packages, read from their package.json files.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: the folder holding `templates/`, `runtime/` and `generators/`. */
export const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** `version` of the package.json at `<root>/<folder>/package.json`. */
export async function packageVersion(folder: "runtime" | "cli", root: string = REPO_ROOT): Promise<string> {
  const file = join(root, folder, "package.json");
  const parsed: unknown = JSON.parse(await readFile(file, "utf8"));
  const version = (parsed as { version?: unknown }).version;
  if (typeof version !== "string" || version === "") throw new Error(`${file} has no "version"; add one (e.g. "0.1.0").`);
  return version;
}

/** The dependency spec generated projects use for `agent-host` when nothing else is given. */
export async function defaultRuntimeSpec(root: string = REPO_ROOT): Promise<string> {
  return `file:vendor/agent-host-${await packageVersion("runtime", root)}.tgz`;
}
