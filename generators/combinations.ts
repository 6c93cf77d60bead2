// The combinations the tests build: a compile set that covers every choice with every other (channels
// alone and all together), and a pairwise covering set of full projects. New catalog entries join automatically.
import type { Answers } from "./answers.ts";
import { AUTH_IDS, CHANNEL_IDS, MODEL_IDS, STORAGE_IDS, TARGET_IDS, targets, type ChannelId } from "./catalog.ts";

type Choice = Omit<Answers, "name" | "channels">;

/** Every target/model × auth × storage choice (the workflow target takes no model). */
function choices(): Choice[] {
  const list: Choice[] = [];
  for (const target of TARGET_IDS) {
    const modelChoices = targets[target].usesModel ? MODEL_IDS : (["none"] as const);
    for (const model of modelChoices) for (const auth of AUTH_IDS) for (const storage of STORAGE_IDS) list.push({ target, model, auth, storage });
  }
  return list;
}

const answersOf = (choice: Choice, channels: ChannelId[]): Answers => ({ name: "combo", ...choice, channels });

/**
 * What the compile check builds (decision 0012). Channel adapters are verbatim files, so what differs
 * between channel subsets is only the wiring (imports, the channels array, merged env and
 * dependencies): every choice with ALL channels, and every channel ALONE with every auth × storage
 * (the agent target, echo model), cover every line any subset's wiring can contain.
 */
export function compileCombinations(): Answers[] {
  const all = choices();
  const together = all.map((choice) => answersOf(choice, [...CHANNEL_IDS]));
  const alone = CHANNEL_IDS.flatMap((channel) =>
    all.filter((choice) => choice.target === "agent" && choice.model === "none").map((choice) => answersOf(choice, [channel])),
  );
  return [...together, ...alone];
}

/**
 * Channel subsets whose facts cover every pair of channel facts (on/on, on/off, off/off): each channel
 * alone, every two together, all, all but one, all but two.
 */
function channelFamily(): ChannelId[][] {
  const ids = [...CHANNEL_IDS];
  const family: ChannelId[][] = [ids];
  for (const [i, a] of ids.entries()) {
    family.push([a], ids.filter((id) => id !== a));
    for (const b of ids.slice(i + 1)) family.push([a, b], ids.filter((id) => id !== a && id !== b));
  }
  const seen = new Set<string>();
  return family.filter((subset) => subset.length > 0 && !seen.has(subset.join("+")) && (seen.add(subset.join("+")), true));
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
 * appears together at least once (greedy, deterministic; ties go to fewer channels, so projects stay small).
 */
export function pairwiseCombinations(): Answers[] {
  const candidates = choices().flatMap((choice) => channelFamily().map((channels) => answersOf(choice, channels)));
  const pairs = candidates.map(pairsOf);
  const uncovered = new Set(pairs.flat());
  const chosen: Answers[] = [];
  while (uncovered.size > 0) {
    let best = 0;
    let bestGain = -1;
    for (const [index, candidate] of candidates.entries()) {
      const gain = (pairs[index] as string[]).filter((pair) => uncovered.has(pair)).length;
      const better = gain > bestGain || (gain === bestGain && candidate.channels.length < (candidates[best] as Answers).channels.length);
      if (better) [best, bestGain] = [index, gain];
    }
    for (const pair of pairs[best] as string[]) uncovered.delete(pair);
    chosen.push(candidates[best] as Answers);
  }
  return chosen;
}
