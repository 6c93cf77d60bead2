// Plans add-channel and remove-channel on an existing project: generates the project for the answers
// in agent-host.json and for the new ones, decides every file (edit-files.ts), merges `.env`, and
// records the new answers and hashes. Reads through a ProjectReader and writes nothing itself.
import { type Answers, normalizeAnswers } from "./answers.ts";
import { CHANNEL_IDS, type ChannelId, catalog } from "./catalog.ts";
import { channelOwners, describe, ENV_PATH, envChanges, mergeDotenv, packageChanges, packagesOf, runtimeSpecOf, text } from "./_edit-parts.ts";
import { addedFile, changedFile, type Content, type FileInputs, type FileOutcome, removedFile, same } from "./edit-files.ts";
import type { ChannelWiring } from "./host-edit.ts";
import { MANIFEST_PATH, manifestFile, parseManifest } from "./manifest.ts";
import type { ProjectReader } from "./project-reader.ts";
import { generateProject } from "./project.ts";
import { comparePaths, type GeneratedFile } from "./tree.ts";

export interface ChannelEditRequest {
  add?: readonly ChannelId[];
  remove?: readonly ChannelId[];
  /** Replace or delete files the user edited instead of keeping them. */
  force?: boolean;
}

export interface PlannedFile {
  path: string;
  action: "create" | "update" | "delete";
  before?: Content;
  after?: Content;
  /** Merged into the user's edited copy (rather than written as generated). */
  merged: boolean;
}

export interface EditPlan {
  status: "none" | "updated" | "failure";
  /** One sentence on the outcome; for a failure, what went wrong and what to do. */
  message: string;
  before: Answers;
  after: Answers;
  added: ChannelId[];
  removed: ChannelId[];
  /** Every write and delete, sorted by path. */
  files: PlannedFile[];
  /** Files left as the user has them, and why. */
  kept: Array<{ path: string; reason: string }>;
  notes: string[];
  /** Settings the added channels bring (their names, for the next steps). */
  env: { added: string[]; removed: string[] };
  packages: { added: string[]; removed: string[] };
}

const wiring = (id: ChannelId): ChannelWiring => ({ id, factory: catalog.channels[id].factory, module: catalog.channels[id].module });
const byPath = (files: readonly GeneratedFile[]) => new Map(files.filter((file) => file.path !== MANIFEST_PATH).map((file) => [file.path, file.content]));

function emptyPlan(before: Answers, status: EditPlan["status"], message: string): EditPlan {
  return { status, message, before, after: before, added: [], removed: [], files: [], kept: [], notes: [], env: { added: [], removed: [] }, packages: { added: [], removed: [] } };
}

export async function planChannelEdit(project: ProjectReader, request: ChannelEditRequest): Promise<EditPlan> {
  const manifestText = await project.read(MANIFEST_PATH);
  if (manifestText === undefined) throw new Error(`${MANIFEST_PATH} not found: run this in a project made by create-agent-host (or name its folder with --dir).`);
  const manifest = parseManifest(text(manifestText), MANIFEST_PATH);
  const before = normalizeAnswers(manifest.answers);
  const adding = CHANNEL_IDS.filter((id) => request.add?.includes(id) && !before.channels.includes(id));
  const removing = CHANNEL_IDS.filter((id) => request.remove?.includes(id) && before.channels.includes(id));
  const skipped = [
    ...(request.add ?? []).filter((id) => before.channels.includes(id)).map((id) => `${id} is already in this project.`),
    ...(request.remove ?? []).filter((id) => !before.channels.includes(id)).map((id) => `${id} is not in this project.`),
  ];
  if (adding.length === 0 && removing.length === 0) return { ...emptyPlan(before, "none", skipped.join(" ") || "Nothing to change."), notes: skipped };
  const after = normalizeAnswers({ ...before, channels: [...before.channels.filter((id) => !removing.includes(id)), ...adding] });
  if (after.channels.length === 0) {
    const message = `Refused: removing ${describe(removing)} would leave the project without a channel. Add the channel you want first (add-channel <id>), then remove ${describe(removing)}.`;
    return emptyPlan(before, "failure", message);
  }

  const packageJson = await project.read("package.json");
  const runtimeSpec = runtimeSpecOf(packageJson);
  const [baseFiles, theirFiles] = await Promise.all([generateProject(before, { runtimeSpec, generator: manifest.generator }), generateProject(after, { runtimeSpec })]);
  const [base, theirs] = [byPath(baseFiles), byPath(theirFiles)];
  const paths = [...new Set([...base.keys(), ...theirs.keys()])].sort(comparePaths);
  const inputs = new Map<string, FileInputs>();
  for (const path of paths) inputs.set(path, { path, base: base.get(path), theirs: theirs.get(path), disk: await project.read(path), recorded: manifest.files[path] });

  // Removed files first: a kept (edited) file of a removed channel keeps that channel's packages.
  const owners = await channelOwners(removing);
  const outcomes = new Map<string, FileOutcome>();
  const keptChannels = new Set<ChannelId>();
  for (const [path, input] of inputs) {
    if (input.theirs !== undefined) continue;
    const outcome = removedFile(input, request.force ?? false);
    if (outcome.kept && owners.has(path)) keptChannels.add(owners.get(path)!);
    outcomes.set(path, outcome);
  }
  const host = { add: adding.map(wiring), remove: removing.map(wiring), order: CHANNEL_IDS.map(wiring) };
  const keepPackages = new Set([...packagesOf(keptChannels)].filter((name) => !packagesOf(after.channels).has(name)));
  for (const [path, input] of inputs) {
    if (input.theirs === undefined) continue;
    if (input.base === undefined) outcomes.set(path, addedFile(input, request.force ?? false));
    // Untouched; a file this project never had (a newer generator's) stays out of the manifest.
    else if (same(input.base, input.theirs)) outcomes.set(path, { hash: input.recorded, notes: [] });
    else outcomes.set(path, await changedFile(input, { host, keepPackages }));
  }
  const failure = [...outcomes.values()].find((outcome) => outcome.failure)?.failure;
  if (failure) return { ...emptyPlan(before, "failure", failure), after };

  const files: PlannedFile[] = [];
  // Files an older generator wrote that this one no longer knows stay recorded as they were.
  const hashes: Record<string, string> = Object.fromEntries(Object.entries(manifest.files).filter(([path]) => !inputs.has(path)));
  for (const [path, outcome] of outcomes) {
    const { disk } = inputs.get(path)!;
    if (outcome.hash !== undefined) hashes[path] = outcome.hash;
    if (outcome.write === null) files.push({ path, action: "delete", before: disk, merged: false });
    else if (outcome.write !== undefined && !same(outcome.write, disk)) files.push({ path, action: disk === undefined ? "create" : "update", before: disk, after: outcome.write, merged: outcome.merged ?? false });
  }

  const notes = [...skipped, ...[...outcomes.values()].flatMap((outcome) => outcome.notes)];
  const env = envChanges(before, after);
  const dotenv = await project.read(ENV_PATH);
  const nextDotenv = typeof dotenv === "string" ? mergeDotenv(dotenv, env) : undefined;
  if (nextDotenv && nextDotenv.text !== dotenv) files.push({ path: ENV_PATH, action: "update", before: dotenv, after: nextDotenv.text, merged: true });
  notes.push(...(nextDotenv?.notes ?? []));

  const generator = parseManifest(text(theirFiles.find((file) => file.path === MANIFEST_PATH)!.content), MANIFEST_PATH).generator;
  const nextManifest = manifestFile({ generator, answers: after, files: hashes }).content;
  files.push({ path: MANIFEST_PATH, action: "update", before: manifestText, after: nextManifest, merged: false });
  files.sort((a, b) => comparePaths(a.path, b.path));

  const kept = [...outcomes].flatMap(([path, outcome]) => (outcome.kept ? [{ path, reason: outcome.kept }] : []));
  const verbs = [...(adding.length > 0 ? [`add ${describe(adding)}`] : []), ...(removing.length > 0 ? [`remove ${describe(removing)}`] : [])];
  return {
    status: "updated",
    message: `${verbs.join(" and ").replace(/^./, (first) => first.toUpperCase())}: ${files.length} files to write or delete, ${kept.length} kept.`,
    before,
    after,
    added: adding,
    removed: removing,
    files,
    kept,
    notes,
    env: { added: env.added.map((envVar) => envVar.name), removed: env.removed.map((envVar) => envVar.name) },
    packages: outcomes.get("package.json")?.packages ?? packageChanges(base.get("package.json"), theirs.get("package.json")),
  };
}
