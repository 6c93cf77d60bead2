// generateProject: answers in, the files of a project out (sorted, byte-identical for equal answers).
// Handlebars renders the wiring templates; everything else is copied byte for byte, all in memory.
import { answersSchema, normalizeAnswers, type Answers } from "./answers.ts";
import { createManifest } from "./manifest.ts";
import { projectActions } from "./project-actions.ts";
import { templateData } from "./project-data.ts";
import { renderActions } from "./render.ts";
import { defaultRuntimeSpec, packageVersion, REPO_ROOT } from "./repo.ts";
import { comparePaths, type GeneratedFile } from "./tree.ts";

export type { GeneratedFile } from "./tree.ts";

export interface GenerateOptions {
  /** The `agent-host` dependency spec. Default `file:vendor/agent-host-<runtime version>.tgz`. */
  runtimeSpec?: string;
  /** Who generated it, as agent-host.json and the docs name it. Default `create-agent-host@<cli version>`. */
  generator?: string;
}

export async function generateProject(answers: Answers, options: GenerateOptions = {}): Promise<GeneratedFile[]> {
  const chosen = normalizeAnswers(answersSchema.parse(answers));
  const generator = options.generator ?? `create-agent-host@${await packageVersion("cli")}`;
  const runtimeSpec = options.runtimeSpec ?? (await defaultRuntimeSpec());
  const actions = await projectActions(chosen, REPO_ROOT);
  const copies = actions.flatMap((action) => (action.kind === "copy" ? [action] : []));
  const data = await templateData(chosen, { repoRoot: REPO_ROOT, runtimeSpec, generator, copies });
  const files = await renderActions(actions, data);
  return [...files, createManifest(files, generator, chosen)].sort((a, b) => comparePaths(a.path, b.path));
}
