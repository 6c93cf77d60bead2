// Golden snapshots: each named answer set in fixtures/answers regenerates byte for byte into
// snapshots/<name>/, and each such project type-checks and passes its own tests.
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { answersSchema } from "../generators/answers.ts";
import { generateProject } from "../generators/project.ts";
import { REPO_ROOT, removeDir, runProjectTests, scratchDir, typecheck, withoutVendor, writeFiles } from "./_scratch.ts";

const FIXTURES = join(REPO_ROOT, "fixtures", "answers");
const SNAPSHOTS = join(REPO_ROOT, "snapshots");
const names = (await readdir(FIXTURES)).filter((file) => file.endsWith(".json")).map((file) => file.slice(0, -5)).sort();

async function readTree(root: string): Promise<Map<string, string>> {
  const tree = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    tree.set(relative(root, path).split("\\").join("/"), await readFile(path, "utf8"));
  }
  return tree;
}

const text = (content: string | Uint8Array) => (typeof content === "string" ? content : new TextDecoder().decode(content));
const scratch: string[] = [];
afterAll(async () => Promise.all(scratch.map(removeDir)));

describe.each(names)("snapshot %s", (name) => {
  it("regenerates byte for byte (npm run snapshots:update rewrites on purpose)", async () => {
    const answers = answersSchema.parse(JSON.parse(await readFile(join(FIXTURES, `${name}.json`), "utf8")));
    const generated = withoutVendor(await generateProject(answers));
    const golden = await readTree(join(SNAPSHOTS, name)).catch(() => new Map<string, string>());
    expect(generated.map((file) => file.path).sort(), `file list of snapshots/${name}`).toEqual([...golden.keys()].sort());
    for (const file of generated) expect(text(file.content), `snapshots/${name}/${file.path}`).toBe(golden.get(file.path));
  });

  it("type-checks and passes its own generated tests", async () => {
    const answers = answersSchema.parse(JSON.parse(await readFile(join(FIXTURES, `${name}.json`), "utf8")));
    const dir = await scratchDir(`snapshot-${name}`);
    scratch.push(dir);
    await writeFiles(dir, withoutVendor(await generateProject(answers)));
    await typecheck(dir);
    const output = await runProjectTests(dir);
    expect(output).toMatch(/Tests\s+.*\d+ passed/);
    expect(output).not.toMatch(/failed/);
  }, 120_000);
});
