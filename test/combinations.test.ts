// Every catalog choice compiles with every other: the compile set (decision 0012) is generated into one
// TypeScript program and checked by one tsc run. A pairwise covering set of full projects runs its tests.
import { afterAll, describe, expect, it } from "vitest";
import { combinationId, compileCombinations, pairwiseCombinations } from "../generators/combinations.ts";
import { generateProject } from "../generators/project.ts";
import { removeDir, runProjectTests, scratchDir, typecheck, withoutVendor, writeFiles } from "./_scratch.ts";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";

const scratch: string[] = [];
afterAll(async () => Promise.all(scratch.map(removeDir)));

describe("the compile set", () => {
  it("type-checks as one program in one tsc run", async () => {
    const combinations = compileCombinations();
    const root = await scratchDir("compile-set");
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

// Channel tests are verbatim copies: they run in place (templates/channels/*/test) and inside a
// generated project's layout in the every-channel snapshot. Here each project type-checks whole and runs
// the tests its wiring decides: the smoke test of src/host.ts and the target's test (decision 0012).
describe.each(pairwiseCombinations().map((answers) => [combinationId(answers), answers] as const))("pairwise project %s", (id, answers) => {
  it("type-checks and passes its wiring tests", async () => {
    const dir = await scratchDir(`pairwise-${id}`);
    scratch.push(dir);
    const files = withoutVendor(await generateProject({ ...answers, name: "pairwise-project" }));
    await writeFiles(dir, files);
    await typecheck(dir);
    const wiringTests = files.map((file) => file.path).filter((path) => path === "test/host.test.ts" || path === "test/agent.test.ts");
    const output = await runProjectTests(dir, wiringTests);
    expect(output).toMatch(/Tests\s+.*\d+ passed/);
    expect(output).not.toMatch(/failed/);
  }, 120_000);
});
