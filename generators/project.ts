// generateProject: answers in, the files of a project out (sorted, byte-identical for equal answers).
// node-plop renders the wiring templates and copies the rest into a temporary folder, read back here.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { answersSchema, normalizeAnswers, type Answers } from "./answers.ts";
import { createManifest } from "./manifest.ts";
import { projectActions } from "./project-actions.ts";
import { templateData } from "./project-data.ts";
import { runPlop } from "./plop-run.ts";
import { defaultRuntimeSpec, packageVersion, REPO_ROOT } from "./repo.ts";
import { comparePaths, readTree, type GeneratedFile } from "./tree.ts";

export type { GeneratedFile } from "./tree.ts";

export interface GenerateOptions {
  /** The `agent-host` dependency spec. Default `file:vendor/agent-host-<runtime version>.tgz`. */
  runtimeSpec?: string;
}

export async function generateProject(answers: Answers, options: GenerateOptions = {}): Promise<GeneratedFile[]> {
  const chosen = normalizeAnswers(answersSchema.parse(answers));
  const generator = `create-agent-host@${await packageVersion("cli")}`;
  const runtimeSpec = options.runtimeSpec ?? (await defaultRuntimeSpec());
  const actions = await projectActions(chosen, REPO_ROOT);
  const copies = actions.flatMap((action) => (action.kind === "copy" ? [action] : []));
  const data = await templateData(chosen, { repoRoot: REPO_ROOT, runtimeSpec, generator, copies });
  const staging = await mkdtemp(join(tmpdir(), "create-agent-host-"));
  try {
    await runPlop(actions, data, staging);
    const files = await readTree(staging);
    return [...files, createManifest(files, generator, chosen)].sort((a, b) => comparePaths(a.path, b.path));
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
