// package.json of an existing project: the generator's change (base → theirs) applied key by key to
// the file on disk, so packages the user installed, versions they bumped and their own scripts stay.
import { isDeepStrictEqual } from "node:util";
import { comparePaths } from "./tree.ts";

const DEPENDENCY_KEYS = ["dependencies", "devDependencies"] as const;

type Json = Record<string, unknown>;

export interface PackageMerge {
  text: string;
  /** Packages added and removed, `name` in `dependencies` or `devDependencies`. */
  added: string[];
  removed: string[];
  /** What was left as the user has it, and why. */
  notes: string[];
}

function parseObject(text: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
}

const record = (value: unknown): Record<string, string> => (value !== null && typeof value === "object" ? (value as Record<string, string>) : {});
const sorted = (keys: readonly string[]) => keys.every((key, index) => index === 0 || comparePaths(keys[index - 1]!, key) <= 0);

/** The indent of the first indented line (npm keeps the file's own), two spaces by default. */
function indentOf(text: string): string {
  return /^([ \t]+)"/m.exec(text)?.[1] ?? "  ";
}

/**
 * Applies base → theirs to `ours`. Dependencies are added (unless the user already has the package)
 * and removed (unless the user changed its version, or `keep` names it); other top-level fields change
 * only where the user left the generator's value. Returns undefined when `ours` is not a JSON object.
 */
export function mergePackageJson(base: string, ours: string, theirs: string, keep: ReadonlySet<string> = new Set()): PackageMerge | undefined {
  const [before, disk, after] = [parseObject(base), parseObject(ours), parseObject(theirs)];
  if (!before || !after || !disk) return undefined;
  const result: PackageMerge = { text: ours, added: [], removed: [], notes: [] };
  let changed = false;
  for (const key of DEPENDENCY_KEYS) {
    const [from, to] = [record(before[key]), record(after[key])];
    const mine = { ...record(disk[key]) };
    const wasSorted = sorted(Object.keys(mine));
    for (const [name, version] of Object.entries(to)) {
      if (name in from) continue;
      if (name in mine) {
        if (mine[name] !== version) result.notes.push(`package.json: kept your ${name}@${mine[name]} (the channel is tested with ${version}).`);
        continue;
      }
      mine[name] = version;
      result.added.push(name);
    }
    for (const [name, version] of Object.entries(from)) {
      if (name in to || !(name in mine) || keep.has(name)) continue;
      if (mine[name] !== version) {
        result.notes.push(`package.json: kept ${name}@${mine[name]}: you changed its version, so it may be yours. Remove it yourself if not.`);
        continue;
      }
      delete mine[name];
      result.removed.push(name);
    }
    if (isDeepStrictEqual(mine, record(disk[key]))) continue;
    const names = wasSorted ? Object.keys(mine).sort(comparePaths) : Object.keys(mine);
    disk[key] = Object.fromEntries(names.map((name) => [name, mine[name]]));
    changed = true;
  }
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if ((DEPENDENCY_KEYS as readonly string[]).includes(key) || isDeepStrictEqual(before[key], after[key])) continue;
    if (!isDeepStrictEqual(disk[key], before[key])) continue;
    if (after[key] === undefined) delete disk[key];
    else disk[key] = after[key];
    changed = true;
  }
  if (changed) result.text = `${JSON.stringify(disk, null, indentOf(ours))}${ours.endsWith("\n") ? "\n" : ""}`;
  return result;
}
