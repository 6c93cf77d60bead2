// Every valid combination of catalog choices, and a pairwise covering subset of them. The exhaustive
// compile check and the pairwise project tests read these; a new catalog entry joins automatically.
import type { Answers } from "./answers.ts";
import { AUTH_IDS, CHANNEL_IDS, MODEL_IDS, STORAGE_IDS, TARGET_IDS, targets } from "./catalog.ts";

/** All non-empty channel subsets, in catalog order. */
function channelSubsets(): Answers["channels"][] {
  const subsets: Answers["channels"][] = [];
  for (let mask = 1; mask < 1 << CHANNEL_IDS.length; mask++) subsets.push(CHANNEL_IDS.filter((_, i) => mask & (1 << i)));
  return subsets;
}

/** Every combination the CLI can produce (the workflow target takes no model). */
export function allCombinations(): Answers[] {
  const combinations: Answers[] = [];
  for (const target of TARGET_IDS) {
    const modelChoices = targets[target].usesModel ? MODEL_IDS : (["none"] as const);
    for (const model of modelChoices)
      for (const channels of channelSubsets())
        for (const auth of AUTH_IDS)
          for (const storage of STORAGE_IDS) combinations.push({ name: "combo", target, model, channels, auth, storage });
  }
  return combinations;
}

/** A short stable id for a combination, usable as a folder name. */
export function combinationId(answers: Answers): string {
  return [answers.target, answers.model, answers.channels.join("+"), answers.auth, answers.storage].join("_");
}

/** The facts a combination fixes: one per choice, one per channel in or out. */
function facts(answers: Answers): string[] {
  return [
    `target=${answers.target}`,
    `model=${answers.model}`,
    `auth=${answers.auth}`,
    `storage=${answers.storage}`,
    ...CHANNEL_IDS.map((id) => `${id}=${answers.channels.includes(id) ? "on" : "off"}`),
  ];
}

function pairsOf(answers: Answers): string[] {
  const list = facts(answers);
  const pairs: string[] = [];
  for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) pairs.push(`${list[i]}|${list[j]}`);
  return pairs;
}

/**
 * A small set of combinations in which every pair of facts that some valid combination has also
 * appears together at least once (greedy, deterministic).
 */
export function pairwiseCombinations(): Answers[] {
  const all = allCombinations();
  const uncovered = new Set(all.flatMap(pairsOf));
  const chosen: Answers[] = [];
  while (uncovered.size > 0) {
    let best = all[0] as Answers;
    let bestGain = -1;
    for (const candidate of all) {
      const gain = pairsOf(candidate).filter((pair) => uncovered.has(pair)).length;
      if (gain > bestGain) [best, bestGain] = [candidate, gain];
    }
    for (const pair of pairsOf(best)) uncovered.delete(pair);
    chosen.push(best);
  }
  return chosen;
}
