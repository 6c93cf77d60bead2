// A small line diff for --dry-run: common prefix and suffix trimmed, LCS over the rest, printed as
// unified hunks with context; very large changed regions get a one-line summary instead.
type Kind = " " | "-" | "+";

interface Op {
  kind: Kind;
  line: string;
  /** Lines of the old and new text before this one. */
  oldPos: number;
  newPos: number;
}

/** Above this many cells the LCS table is not worth it; the diff says how many lines changed. */
const MAX_CELLS = 4_000_000;

function operations(a: string[], b: string[]): Op[] | undefined {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) [endA, endB] = [endA - 1, endB - 1];
  const n = endA - start;
  const m = endB - start;
  if (n * m > MAX_CELLS) return undefined;
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i * w + j] = a[start + i] === b[start + j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
  const ops: Op[] = [];
  let [oldPos, newPos] = [0, 0];
  const push = (kind: Kind, line: string) => {
    ops.push({ kind, line, oldPos, newPos });
    if (kind !== "+") oldPos++;
    if (kind !== "-") newPos++;
  };
  for (let k = 0; k < start; k++) push(" ", a[k]!);
  let [i, j] = [0, 0];
  while (i < n || j < m) {
    const [x, y] = [a[start + i]!, b[start + j]!];
    if (i < n && j < m && x === y) {
      push(" ", x);
      [i, j] = [i + 1, j + 1];
    } else if (j >= m || (i < n && lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!)) {
      push("-", x);
      i++;
    } else {
      push("+", y);
      j++;
    }
  }
  for (let k = endA; k < a.length; k++) push(" ", a[k]!);
  return ops;
}

function hunk(ops: Op[], from: number, to: number): string[] {
  const slice = ops.slice(from, to + 1);
  const oldCount = slice.filter((op) => op.kind !== "+").length;
  const newCount = slice.filter((op) => op.kind !== "-").length;
  const first = slice[0]!;
  const header = `@@ -${first.oldPos + (oldCount ? 1 : 0)},${oldCount} +${first.newPos + (newCount ? 1 : 0)},${newCount} @@`;
  return [header, ...slice.map((op) => `${op.kind}${op.line}`)];
}

/** Unified diff lines from `before` to `after` (no lines when they are equal). */
export function unifiedDiff(before: string, after: string, path: string, context = 3): string[] {
  if (before === after) return [];
  const a = before.split("\n");
  const b = after.split("\n");
  const ops = operations(a, b);
  const head = [`--- a/${path}`, `+++ b/${path}`];
  if (!ops) return [...head, `@@ too large to diff here: ${a.length} lines before, ${b.length} after @@`];
  const changed = ops.flatMap((op, index) => (op.kind === " " ? [] : [index]));
  const lines = [...head];
  let groupStart = changed[0]!;
  let groupEnd = groupStart;
  for (const index of [...changed.slice(1), Number.POSITIVE_INFINITY]) {
    if (index - groupEnd <= 2 * context) {
      groupEnd = index;
      continue;
    }
    lines.push(...hunk(ops, Math.max(0, groupStart - context), Math.min(ops.length - 1, groupEnd + context)));
    [groupStart, groupEnd] = [index, index];
  }
  return lines;
}
