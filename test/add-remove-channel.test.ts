// add-channel and remove-channel on projects written to disk, through the same planner and atomic
// writer the CLI uses: every catalog channel added to a small project gives the files of a project
// generated with it, all of them type-check in one tsc run, one runs its own tests, and removing the
// channel again restores the original folder byte for byte.
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Answers } from "../generators/answers.ts";
import { CHANNEL_IDS, type ChannelId } from "../generators/catalog.ts";
import { type ChannelEditRequest, planChannelEdit } from "../generators/edit-project.ts";
import { generateProject } from "../generators/project.ts";
import { diskReader } from "../generators/project-reader.ts";
import { readTree } from "../generators/tree.ts";
import { applyChanges } from "../generators/write-changes.ts";
import { removeDir, runProjectTests, scratchDir, typecheck, withoutVendor, writeFiles } from "./_scratch.ts";
import { writeFile } from "node:fs/promises";

const start = (id: ChannelId): Answers => ({ name: "grown-agent", target: "agent", model: "none", channels: [CHANNEL_IDS.find((other) => other !== id)!], auth: "open", storage: "file" });

/** What `create-agent-host add-channel|remove-channel … --yes` does to the folder. */
async function run(dir: string, request: ChannelEditRequest): Promise<void> {
  const plan = await planChannelEdit(diskReader(dir), request);
  expect(plan.status, plan.message).toBe("updated");
  await applyChanges(dir, plan.files.map((file) => ({ path: file.path, content: file.action === "delete" ? null : file.after!, expected: file.before })));
}

const root = await scratchDir("add-remove-channel");
afterAll(() => removeDir(root));

describe("add-channel / remove-channel on disk", () => {
  it.each(CHANNEL_IDS.map((id) => [id]))("%s: added = generated with it; removed = the original folder", async (id) => {
    const dir = join(root, id);
    await writeFiles(dir, withoutVendor(await generateProject(start(id))));
    const original = await readTree(dir);
    await run(dir, { add: [id] });
    const fresh = withoutVendor(await generateProject({ ...start(id), channels: [...start(id).channels, id] }));
    expect(await readTree(dir)).toEqual(fresh);

    const removed = join(root, `${id}-removed`);
    await writeFiles(removed, fresh);
    await run(removed, { remove: [id] });
    expect(await readTree(removed)).toEqual(original);
  });

  it("every project grown by add-channel type-checks (one tsc run)", async () => {
    await writeFile(join(root, "tsconfig.json"), JSON.stringify({ extends: `./${CHANNEL_IDS[0]}/tsconfig.json`, include: CHANNEL_IDS.flatMap((id) => [`${id}/src`, `${id}/test`]) }));
    await typecheck(root);
  }, 120_000);

  it("a project grown by add-channel passes its own tests", async () => {
    const output = await runProjectTests(join(root, CHANNEL_IDS[1]!));
    expect(output).toMatch(/Tests\s+.*\d+ passed/);
    expect(output).not.toMatch(/failed/);
  }, 120_000);
});
