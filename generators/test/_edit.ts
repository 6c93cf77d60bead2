// Helpers of the add-channel / remove-channel tests: projects as in-memory maps, a plan applied to
// one, and the first catalog channel other than a given one (a base project to add it to).
import type { Answers } from "../answers.ts";
import { CHANNEL_IDS, type ChannelId } from "../catalog.ts";
import { type ChannelEditRequest, type EditPlan, planChannelEdit } from "../edit-project.ts";
import { memoryReader } from "../project-reader.ts";
import { generateProject } from "../project.ts";

export type Tree = Map<string, string | Uint8Array>;

/** A generated project as a map, without the vendored runtime. */
export async function generated(answers: Answers): Promise<Tree> {
  return new Map((await generateProject(answers, { runtimeSpec: "^0.1.0" })).map((file) => [file.path, file.content]));
}

/** Plans the edit against `tree` and applies it there (as applyChanges would on disk). */
export async function edit(tree: Tree, request: ChannelEditRequest): Promise<EditPlan> {
  const plan = await planChannelEdit(memoryReader(tree), request);
  for (const file of plan.files) {
    if (file.action === "delete") tree.delete(file.path);
    else tree.set(file.path, file.after!);
  }
  return plan;
}

/** Another catalog channel to start from, so every channel can be the one added. */
export function otherThan(id: ChannelId): ChannelId {
  return CHANNEL_IDS.find((other) => other !== id)!;
}

export function text(tree: Tree, path: string): string {
  const content = tree.get(path);
  if (typeof content !== "string") throw new Error(`${path} is ${content === undefined ? "missing" : "binary"}`);
  return content;
}

/** Paths whose content differs between two trees (or that only one has). */
export function differences(a: Tree, b: Tree): string[] {
  const paths = new Set([...a.keys(), ...b.keys()]);
  const same = (x: string | Uint8Array | undefined, y: string | Uint8Array | undefined) => x !== undefined && y !== undefined && Buffer.from(x).equals(Buffer.from(y));
  return [...paths].filter((path) => !same(a.get(path), b.get(path))).sort();
}
