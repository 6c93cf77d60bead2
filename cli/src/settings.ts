// Settings: every answer of one run (project answers plus directory, package manager, install and
// git). Which ones flags left open, and what --yes fills in for them.
import { defaultAnswers } from "../../generators/answers.ts";
import type { AuthId, ChannelId, ModelId, StorageId, TargetId } from "../../generators/catalog.ts";
import { choices, usesModel } from "./choices.ts";
import type { Flags } from "./flags.ts";
import type { PmName } from "./pm.ts";
import { DEFAULT_DIR } from "./target-dir.ts";

export interface Settings {
  dir: string;
  target: TargetId;
  model: ModelId;
  channels: ChannelId[];
  auth: AuthId;
  storage: StorageId;
  pm: PmName;
  install: boolean;
  git: boolean;
}

export type SettingKey = keyof Settings;

/** What the flags answered. */
export function givenSettings(flags: Flags): Partial<Settings> {
  const { dir, target, model, channels, auth, storage, pm, install, git } = flags;
  const entries = Object.entries({ dir, target, model, channels, auth, storage, pm, install, git });
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined)) as Partial<Settings>;
}

/**
 * The questions a person would be asked, in prompt order. The package manager is not among them:
 * it defaults to the detected one. Auth is asked only once the catalog has more than one profile,
 * git only outside an existing repository.
 */
export function openQuestions(given: Partial<Settings>, insideRepo: boolean): SettingKey[] {
  const open: SettingKey[] = [];
  if (given.dir === undefined) open.push("dir");
  if (given.target === undefined) open.push("target");
  if (given.model === undefined && (given.target === undefined || usesModel(given.target))) open.push("model");
  if (given.channels === undefined) open.push("channels");
  if (given.auth === undefined && choices.auth.length > 1) open.push("auth");
  if (given.storage === undefined) open.push("storage");
  if (given.install === undefined) open.push("install");
  if (given.git === undefined && !insideRepo) open.push("git");
  return open;
}

/** `--yes`: the defaults for everything not given. */
export function withDefaults(given: Partial<Settings>, detectedPm: PmName): Settings {
  return {
    dir: DEFAULT_DIR,
    ...defaultAnswers,
    channels: [...defaultAnswers.channels],
    pm: detectedPm,
    install: true,
    git: true,
    ...given,
  };
}
