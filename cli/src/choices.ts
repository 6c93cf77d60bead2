// The catalog seen as prompt choices and flag values: one list per question, in catalog order, with
// each entry's title and hint. Flags, prompts and --help read these; nothing here lists channels.
import type { TargetId } from "../../generators/catalog.ts";
import { AUTH_IDS, CHANNEL_IDS, MODEL_IDS, STORAGE_IDS, TARGET_IDS, catalog } from "../../generators/catalog.ts";

export interface Choice<Id extends string = string> {
  id: Id;
  title: string;
  hint: string;
}

function list<Id extends string>(ids: readonly Id[], entries: Record<Id, { title: string; hint: string }>): Choice<Id>[] {
  return ids.map((id) => ({ id, title: entries[id].title, hint: entries[id].hint }));
}

export const choices = {
  target: list(TARGET_IDS, catalog.targets),
  model: list(MODEL_IDS, catalog.models),
  channels: list(CHANNEL_IDS, catalog.channels),
  auth: list(AUTH_IDS, catalog.authProfiles),
  storage: list(STORAGE_IDS, catalog.storages),
};

export type ChoiceKey = keyof typeof choices;

/** "a, b" of the titles of the chosen ids, for summaries. */
export function titles<Id extends string>(list: readonly Choice<Id>[], ids: readonly Id[]): string {
  return ids.map((id) => list.find((choice) => choice.id === id)?.title ?? id).join(", ");
}

/** The lines listing the valid values of a flag: "  id   Title — hint". */
export function describeChoices(list: readonly Choice[], indent = "  "): string[] {
  const width = Math.max(...list.map((choice) => choice.id.length));
  return list.map((choice) => `${indent}${choice.id.padEnd(width)}  ${choice.title} — ${choice.hint}`);
}

/** Whether the model question applies to a target. */
export function usesModel(target: TargetId): boolean {
  return catalog.targets[target].usesModel;
}
