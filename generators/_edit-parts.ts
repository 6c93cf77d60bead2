// Parts of planning an add-channel / remove-channel run: the project's runtime spec, which channel
// owns which template file, packages and settings that change, and the merge of the user's `.env`.
import type { Answers } from "./answers.ts";
import { type ChannelId, catalog, type EnvVar } from "./catalog.ts";
import type { Content } from "./edit-files.ts";
import { addEnvVars, removeEnvVars } from "./merge-env.ts";
import { copySourcesAndTests } from "./project-actions.ts";
import { chosenEntries, mergeEnv } from "./project-data.ts";
import { REPO_ROOT } from "./repo.ts";
import { comparePaths } from "./tree.ts";

export const ENV_PATH = ".env";
export const text = (content: Content) => (typeof content === "string" ? content : new TextDecoder().decode(content));

/** The `agent-host` spec the project depends on now, so regenerated package.json files match it. */
export function runtimeSpecOf(packageJson: Content | undefined): string | undefined {
  try {
    const spec = (JSON.parse(text(packageJson ?? "")) as { dependencies?: Record<string, unknown> }).dependencies?.["agent-host"];
    return typeof spec === "string" ? spec : undefined;
  } catch {
    return undefined;
  }
}

export async function channelOwners(ids: readonly ChannelId[]): Promise<Map<string, ChannelId>> {
  const owners = new Map<string, ChannelId>();
  for (const id of ids) for (const copy of await copySourcesAndTests(REPO_ROOT, catalog.channels[id].templateDir)) owners.set(copy.to, id);
  return owners;
}

export function packagesOf(ids: Iterable<ChannelId>): Set<string> {
  return new Set([...ids].flatMap((id) => [...catalog.channels[id].dependencies, ...catalog.channels[id].devDependencies]));
}

function dependencyNames(packageJson: Content | undefined): Set<string> {
  const parsed = JSON.parse(text(packageJson ?? "{}")) as Record<string, Record<string, string> | undefined>;
  return new Set([...Object.keys(parsed.dependencies ?? {}), ...Object.keys(parsed.devDependencies ?? {})]);
}

export function describe(ids: readonly string[]): string {
  return ids.length === 1 ? ids[0]! : `${ids.slice(0, -1).join(", ")} and ${ids.at(-1)}`;
}

/** Packages of package.json before and after, by name (for the report). */
export function packageChanges(before: Content | undefined, after: Content | undefined): { added: string[]; removed: string[] } {
  const [from, to] = [dependencyNames(before), dependencyNames(after)];
  return { added: [...to].filter((name) => !from.has(name)).sort(comparePaths), removed: [...from].filter((name) => !to.has(name)).sort(comparePaths) };
}

/** Settings the new answers add and drop (by name, catalog order). */
export function envChanges(before: Answers, after: Answers): { added: EnvVar[]; removed: EnvVar[] } {
  const [from, to] = [mergeEnv(chosenEntries(before).parts), mergeEnv(chosenEntries(after).parts)];
  const has = (list: EnvVar[], envVar: EnvVar) => list.some((other) => other.name === envVar.name);
  return { added: to.filter((envVar) => !has(from, envVar)), removed: from.filter((envVar) => !has(to, envVar)) };
}

/** The user's `.env` with the added settings appended and the dropped ones (still unfilled) taken out. */
export function mergeDotenv(dotenv: string, env: { added: EnvVar[]; removed: EnvVar[] }): { text: string; notes: string[] } {
  const removed = removeEnvVars(addEnvVars(dotenv, env.added).text, env.removed);
  return { text: removed.text, notes: removed.notes };
}
