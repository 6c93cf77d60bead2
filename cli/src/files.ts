// The files of the project to create: generateProject's output, plus the packed agent-host runtime
// under vendor/ when the CLI runs from this repository (the published CLI depends on the registry's).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { baked } from "../../generators/_baked.ts";
import type { Answers } from "../../generators/answers.ts";
import { generateProject } from "../../generators/project.ts";
import { comparePaths, type GeneratedFile } from "../../generators/tree.ts";

/** The repository root when this CLI runs from a checkout (runtime/ next to cli/), else undefined. */
export function repoRootOfCli(): string | undefined {
  if (baked) return undefined;
  const root = fileURLToPath(new URL("../../", import.meta.url));
  return existsSync(join(root, "runtime", "package.json")) ? root : undefined;
}

export async function projectFiles(answers: Answers): Promise<GeneratedFile[]> {
  const files = await generateProject(answers);
  const root = repoRootOfCli();
  if (root) {
    // Only a checkout packs the runtime: the published bundle never loads this chunk.
    const { packRuntime } = await import("../../generators/vendor-runtime.ts");
    const { fileName, bytes } = await packRuntime(root);
    files.push({ path: `vendor/${fileName}`, content: bytes });
  }
  return files.sort((a, b) => comparePaths(a.path, b.path));
}
