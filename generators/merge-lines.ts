// Three-way line merge (diff3) for generated text files the user edited: the changes from `base` (what
// the generator wrote) to `theirs` (what it writes now) applied to `ours` (the file on disk).
// Changes that touch the lines the user changed are conflicts: the user's lines win and are reported.

export interface Conflict {
  /** The generator's lines before and after, where the user changed the same lines. */
  base: string[];
  theirs: string[];
  ours: string[];
}

export interface MergeResult {
  text: string;
  /** The generator's changes that were not applied because the user changed the same lines. */
  conflicts: Conflict[];
}

/** Above this many cells the table is too large; the whole file then counts as one conflict. */
const MAX_CELLS = 4_000_000;

/** For each line of `a`, the index of its partner in `b` along a longest common subsequence, or -1. */
function matchLines(a: readonly string[], b: readonly string[]): Int32Array | undefined {
  const match = new Int32Array(a.length).fill(-1);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) match[start] = start++;
  let [endA, endB] = [a.length, b.length];
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) match[--endA] = --endB;
  const [n, m] = [endA - start, endB - start];
  if (n * m > MAX_CELLS) return undefined;
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i * w + j] = a[start + i] === b[start + j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
  let [i, j] = [0, 0];
  while (i < n && j < m) {
    if (a[start + i] === b[start + j]) match[start + i++] = start + j++;
    else if (lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!) i++;
    else j++;
  }
  return match;
}

const same = (x: readonly string[], y: readonly string[]) => x.length === y.length && x.every((line, index) => line === y[index]);

/** diff3: stable runs (a line unchanged on both sides) are kept; between them each side's change is taken, or both when equal. */
export function mergeLines(base: string, ours: string, theirs: string): MergeResult {
  const [O, A, B] = [base.split("\n"), ours.split("\n"), theirs.split("\n")];
  const [toA, toB] = [matchLines(O, A), matchLines(O, B)];
  if (!toA || !toB) return { text: ours, conflicts: [{ base: O, theirs: B, ours: A }] };
  const out: string[] = [];
  const conflicts: Conflict[] = [];
  let [o, a, b] = [0, 0, 0];
  for (;;) {
    let run = 0;
    while (o + run < O.length && toA[o + run] === a + run && toB[o + run] === b + run) run++;
    if (run > 0) {
      out.push(...O.slice(o, o + run));
      [o, a, b] = [o + run, a + run, b + run];
      continue;
    }
    if (o === O.length && a === A.length && b === B.length) break;
    // An unstable chunk: up to the next base line both sides still have.
    let next = o;
    while (next < O.length && (toA[next] === -1 || toB[next] === -1)) next++;
    const [endA, endB] = next < O.length ? [toA[next]!, toB[next]!] : [A.length, B.length];
    const [chunkO, chunkA, chunkB] = [O.slice(o, next), A.slice(a, endA), B.slice(b, endB)];
    if (same(chunkA, chunkO)) out.push(...chunkB);
    else if (same(chunkB, chunkO) || same(chunkA, chunkB)) out.push(...chunkA);
    else {
      out.push(...chunkA);
      conflicts.push({ base: chunkO, theirs: chunkB, ours: chunkA });
    }
    [o, a, b] = [next, endA, endB];
  }
  return { text: out.join("\n"), conflicts };
}
