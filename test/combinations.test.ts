// Every combination of catalog choices compiles: all of them are generated into one TypeScript
// program and checked by one tsc run. A pairwise covering set of full projects also runs its tests.
import { afterAll, describe, expect, it } from "vitest";
import { allCombinations, combinationId, pairwiseCombinations } from "../generators/combinations.ts";
import { generateProject } from "../generators/project.ts";
import { removeDir, runProjectTests, scratchDir, typecheck, withoutVendor, writeFiles } from "./_scratch.ts";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";

const scratch: string[] = [];
afterAll(async () => Promise.all(scratch.map(removeDir)));

describe("every combination", () => {
  it("type-checks as one program in one tsc run", async () => {
    const combinations = allCombinations();
    const root = await scratchDir("all-combinations");
    scratch.push(root);
    for (const answers of combinations) {
      // Tests are the same verbatim files in every project; the compile check is about the wiring.
      const files = withoutVendor(await generateProject(answers)).filter((file) => !file.path.startsWith("test/"));
      await writeFiles(join(root, combinationId(answers)), files);
    }
    const base = join(root, combinationId(combinations[0]!), "tsconfig.json");
    await writeFile(join(root, "tsconfig.json"), JSON.stringify({ extends: base, include: ["*/src/**/*.ts"] }));
    const started = performance.now();
    await typecheck(root);
    console.log(`type-checked ${combinations.length} combinations in one tsc run (${Math.round(performance.now() - started)} ms)`);
    expect(combinations.length).toBeGreaterThan(0);
  }, 180_000);
});

describe.each(pairwiseCombinations().map((answers) => [combinationId(answers), answers] as const))("pairwise project %s", (id, answers) => {
  it("type-checks and passes its generated tests", async () => {
    const dir = await scratchDir(`pairwise-${id}`);
    scratch.push(dir);
    await writeFiles(dir, withoutVendor(await generateProject({ ...answers, name: "pairwise-project" })));
    await typecheck(dir);
    const output = await runProjectTests(dir);
    expect(output).toMatch(/Tests\s+.*\d+ passed/);
    expect(output).not.toMatch(/failed/);
  }, 120_000);
});
