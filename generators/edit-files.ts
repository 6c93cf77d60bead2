// One file of an add-channel / remove-channel run: its copy on disk against what the generator wrote
// (base, for the recorded answers) and writes now (theirs, for the new ones). A file the user left
// alone gets theirs byte for byte; an edited one is merged (src/host.ts by syntax tree) or kept.
import { editHost, HOST_PATH, type HostChange } from "./host-edit.ts";
import { hashContent } from "./manifest.ts";
import { type Conflict, mergeLines } from "./merge-lines.ts";
import { mergePackageJson } from "./merge-package.ts";

export type Content = string | Uint8Array;

export interface FileInputs {
  path: string;
  base?: Content;
  theirs?: Content;
  /** The file as it is now; undefined when it does not exist. */
  disk?: Content;
  /** Its hash in agent-host.json. */
  recorded?: string;
}

export interface FileOutcome {
  /** The new content; `null` deletes the file; undefined leaves it as it is. */
  write?: Content | null;
  /** Its hash for agent-host.json; undefined drops it from there. */
  hash?: string;
  /** Why the user's copy stays as it is (reported). */
  kept?: string;
  /** Merged into the user's edited copy rather than generated. */
  merged?: boolean;
  notes: string[];
  packages?: { added: string[]; removed: string[] };
  /** Set when the file cannot be edited safely: the whole run fails with this message. */
  failure?: string;
}

export const same = (a: Content | undefined, b: Content | undefined) => a !== undefined && b !== undefined && hashContent(a) === hashContent(b);

/** Pristine files keep being pristine (hash of what is written); edited ones stay edited (hash of what the generator writes). */
function hashAfter(inputs: FileInputs, written: Content): string {
  const pristine = inputs.disk !== undefined && hashContent(inputs.disk) === inputs.recorded;
  return pristine ? hashContent(written) : hashContent(inputs.theirs!);
}

/** A file the new answers add (a channel's adapter or test). */
export function addedFile(inputs: FileInputs, force: boolean): FileOutcome {
  const theirs = inputs.theirs!;
  const hash = hashContent(theirs);
  if (inputs.disk === undefined) return { write: theirs, hash, notes: [] };
  if (same(inputs.disk, theirs)) return { hash, notes: [] };
  if (force) return { write: theirs, hash, notes: [] };
  return { hash, kept: "a file of yours has this path; kept it (--force replaces it with the channel's)", notes: [] };
}

/** A file the new answers no longer have (a removed channel's adapter or test). */
export function removedFile(inputs: FileInputs, force: boolean): FileOutcome {
  if (inputs.disk === undefined) return { notes: [] };
  const pristine = same(inputs.disk, inputs.base) || hashContent(inputs.disk) === inputs.recorded;
  if (pristine || force) return { write: null, notes: [] };
  return { kept: "you edited it since it was generated; kept it (--force deletes it)", notes: [] };
}

function conflictNote(path: string, conflicts: readonly Conflict[]): string {
  const lines = conflicts.flatMap((conflict) => [...conflict.base.map((line) => `  - ${line}`), ...conflict.theirs.map((line) => `  + ${line}`), "  ···"]);
  const shown = lines.length > 40 ? [...lines.slice(0, 40), `  … ${lines.length - 40} more lines`] : lines.slice(0, -1);
  const count = conflicts.length === 1 ? "1 change" : `${conflicts.length} changes`;
  return [`${path}: ${count} of the update touch lines you edited, so your lines stay. To take them, apply by hand:`, ...shown].join("\n");
}

/** A file both answer sets generate, with different content (wiring, docs, settings). */
export async function changedFile(inputs: FileInputs, ctx: { host: HostChange; keepPackages: ReadonlySet<string> }): Promise<FileOutcome> {
  const { path, base, disk } = inputs;
  const theirs = inputs.theirs!;
  if (disk === undefined && path === HOST_PATH) return { notes: [], failure: `${HOST_PATH} is missing, so the channels cannot be wired. Nothing was written. Restore it (e.g. git checkout ${HOST_PATH}) and run this again.` };
  if (disk === undefined) return { hash: hashContent(theirs), kept: "you deleted it; not recreated", notes: [] };
  const isPackage = path === "package.json";
  if (same(disk, base) && !(isPackage && ctx.keepPackages.size > 0)) return { write: theirs, hash: hashContent(theirs), notes: [] };
  if (typeof disk !== "string" || typeof base !== "string" || typeof theirs !== "string") {
    return { hash: hashContent(theirs), kept: "you changed it and it is not text; kept yours", notes: [] };
  }
  if (path === HOST_PATH) {
    const edit = await editHost(disk, ctx.host);
    if (!edit.ok) return { notes: [], failure: edit.message };
    return { write: edit.text, hash: hashAfter(inputs, edit.text), merged: true, notes: [] };
  }
  if (isPackage) {
    const merged = mergePackageJson(base, disk, theirs, ctx.keepPackages);
    if (!merged) return { hash: hashContent(theirs), kept: "it is not a JSON object; kept it: make the dependency changes by hand", notes: [] };
    return { write: merged.text, hash: hashAfter(inputs, merged.text), merged: true, notes: merged.notes, packages: { added: merged.added, removed: merged.removed } };
  }
  const merged = mergeLines(base, disk, theirs);
  return { write: merged.text, hash: hashAfter(inputs, merged.text), merged: true, notes: merged.conflicts.length > 0 ? [conflictNote(path, merged.conflicts)] : [] };
}
