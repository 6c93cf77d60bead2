// Which template file becomes which project file: the base folder (`.hbs` rendered, the rest copied),
// the target's files or the model's agent, and each channel's `src/` and `test/` copied verbatim.
import { join } from "node:path";
import type { Answers } from "./answers.ts";
import { catalog, type StorageSpec } from "./catalog.ts";
import type { FileAction } from "./render.ts";
import { listFiles } from "./tree.ts";

export const BASE_DIR = "templates/base";

/** npm drops dotfiles like `.gitignore` from packed tarballs, so templates store them renamed. */
const RENAMED: Record<string, string> = { _gitignore: ".gitignore" };

export async function projectActions(answers: Answers, repoRoot: string): Promise<FileAction[]> {
  const actions: FileAction[] = [];
  for (const path of await listFiles(join(repoRoot, BASE_DIR))) {
    const source = join(repoRoot, BASE_DIR, path);
    const to = RENAMED[path] ?? path;
    actions.push(path.endsWith(".hbs") ? { kind: "render", template: source, to: to.slice(0, -".hbs".length) } : { kind: "copy", from: source, to });
  }
  const target = catalog.targets[answers.target];
  actions.push(...(await copySourcesAndTests(repoRoot, target.templateDir)));
  if (target.usesModel) actions.push({ kind: "copy", from: join(repoRoot, catalog.models[answers.model].agentFile), to: "src/agent.ts" });
  for (const id of answers.channels) actions.push(...(await copySourcesAndTests(repoRoot, catalog.channels[id].templateDir)));
  const storage: StorageSpec = catalog.storages[answers.storage];
  if (storage.compose) actions.push({ kind: "copy", from: join(repoRoot, storage.compose), to: "compose.yaml" });
  assertOneSourcePerFile(actions);
  return actions;
}

/** `src/**` and `test/**` of a template folder, copied to the same paths in the project. */
export async function copySourcesAndTests(repoRoot: string, templateDir: string): Promise<FileAction[]> {
  const paths = await listFiles(join(repoRoot, templateDir)).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") throw new Error(`The template folder ${templateDir} is missing; the catalog points at it.`);
    throw error;
  });
  return paths
    .filter((path) => path.startsWith("src/") || path.startsWith("test/"))
    .map((path) => ({ kind: "copy", from: join(repoRoot, templateDir, path), to: path }));
}

function assertOneSourcePerFile(actions: readonly FileAction[]): void {
  const seen = new Map<string, FileAction>();
  for (const action of actions) {
    const other = seen.get(action.to);
    if (other) throw new Error(`Two templates generate ${action.to}: ${sourceOf(other)} and ${sourceOf(action)}. Rename one of them.`);
    seen.set(action.to, action);
  }
}

function sourceOf(action: FileAction): string {
  return action.kind === "render" ? action.template : action.from;
}
