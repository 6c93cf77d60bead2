// The small line diff and the tree renderer behind --dry-run: what changes, shown before anything is
// written.
import { describe, expect, it } from "vitest";
import { unifiedDiff } from "../src/_diff.ts";
import { renderTree } from "../src/_tree.ts";

describe("unifiedDiff", () => {
  it("prints nothing for equal texts", () => {
    expect(unifiedDiff("a\nb\n", "a\nb\n", "x.txt")).toEqual([]);
  });

  it("prints one hunk with context around a change", () => {
    const before = ["1", "2", "3", "4", "5", "6", "7", "8"].join("\n");
    const after = ["1", "2", "3", "4", "five", "6", "7", "8"].join("\n");
    expect(unifiedDiff(before, after, "n.txt", 2)).toEqual(["--- a/n.txt", "+++ b/n.txt", "@@ -3,5 +3,5 @@", " 3", " 4", "-5", "+five", " 6", " 7"]);
  });

  it("splits distant changes into hunks and handles insertions and deletions", () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i}`);
    const after = [...before.slice(0, 2), "new", ...before.slice(2, 15), ...before.slice(16)];
    const diff = unifiedDiff(before.join("\n"), after.join("\n"), "f", 1);
    expect(diff.filter((line) => line.startsWith("@@"))).toEqual(["@@ -2,2 +2,3 @@", "@@ -15,3 +16,2 @@"]);
    expect(diff).toContain("+new");
    expect(diff).toContain("-line 15");
  });
});

describe("renderTree", () => {
  it("lists directories first, then files, with markers", () => {
    expect(renderTree(["b.txt", "src/z.ts", "src/a/x.ts", "a.txt"], (path) => (path === "a.txt" ? "+ " : ""))).toEqual([
      "├── src/",
      "│   ├── a/",
      "│   │   └── x.ts",
      "│   └── z.ts",
      "├── + a.txt",
      "└── b.txt",
    ]);
  });
});
