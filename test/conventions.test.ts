// The house rules a reviewer would otherwise check by hand: every TypeScript file opens with a two-line
// module comment, and every index.ts only re-exports.
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./_scratch.ts";

const ROOTS = ["runtime/src", "runtime/test", "runtime/scripts", "templates", "generators", "cli/src", "cli/test", "cli/scripts", "test", "bench", "scripts"];

async function typescriptFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const root of ROOTS) {
    const entries = await readdir(join(REPO_ROOT, root), { withFileTypes: true, recursive: true });
    for (const entry of entries) {
      if (entry.isFile() && entry.name.endsWith(".ts") && !entry.parentPath.includes("node_modules")) files.push(join(entry.parentPath, entry.name));
    }
  }
  return files.sort();
}

describe("repository conventions", () => {
  it("every TypeScript file starts with a two-line module comment", async () => {
    const missing: string[] = [];
    for (const file of await typescriptFiles()) {
      const [first = "", second = ""] = (await readFile(file, "utf8")).split("\n");
      if (!first.startsWith("// ") || !second.startsWith("//")) missing.push(relative(REPO_ROOT, file));
    }
    expect(missing, "add what the file is for and why, in two // lines").toEqual([]);
  });

  it("every index.ts only re-exports", async () => {
    const offenders: string[] = [];
    for (const file of (await typescriptFiles()).filter((path) => path.endsWith("/index.ts"))) {
      const code = (await readFile(file, "utf8")).split("\n").filter((line) => line.trim() !== "" && !line.startsWith("//"));
      if (code.some((line) => !/^export (type )?(\*|\{[^}]*\}) from "[^"]+";$/.test(line))) offenders.push(relative(REPO_ROOT, file));
    }
    expect(offenders).toEqual([]);
  });
});
