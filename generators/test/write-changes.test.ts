// applyChanges on a real folder: writes, replaces and deletes in one go (emptied folders go too),
// refuses files that changed since they were read, and leaves everything as it was when a step fails.
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listFiles } from "../tree.ts";
import { applyChanges, ChangedMeanwhileError } from "../write-changes.ts";

const parent = await mkdtemp(join(tmpdir(), "write-changes-test-"));
afterAll(() => rm(parent, { recursive: true, force: true }));

async function project(name: string): Promise<string> {
  const dir = join(parent, name);
  await mkdir(join(dir, "src/channels"), { recursive: true });
  await writeFile(join(dir, "a.txt"), "a\n");
  await writeFile(join(dir, "src/channels/x.ts"), "x\n");
  return dir;
}

describe("applyChanges", () => {
  it("creates, replaces and deletes, keeps file modes, and prunes folders it emptied", async () => {
    const dir = await project("ok");
    await chmod(join(dir, "a.txt"), 0o600);
    await applyChanges(dir, [
      { path: "a.txt", content: "A\n", expected: "a\n" },
      { path: "src/channels/x.ts", content: null, expected: "x\n" },
      { path: "test/y.test.ts", content: "y\n", expected: undefined },
    ]);
    expect(await listFiles(dir)).toEqual(["a.txt", "test/y.test.ts"]);
    expect(await readFile(join(dir, "a.txt"), "utf8")).toBe("A\n");
    expect((await stat(join(dir, "a.txt"))).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(["a.txt", "test"]);
  });

  it("refuses a file that changed since it was read, and writes nothing", async () => {
    const dir = await project("changed");
    const run = applyChanges(dir, [
      { path: "test/new.ts", content: "new\n", expected: undefined },
      { path: "a.txt", content: "A\n", expected: "something else\n" },
    ]);
    await expect(run).rejects.toBeInstanceOf(ChangedMeanwhileError);
    expect(await listFiles(dir)).toEqual(["a.txt", "src/channels/x.ts"]);
  });

  it("puts everything back when a step fails midway", async () => {
    const dir = await project("rollback");
    // The second file needs a folder where x.ts still is: that move fails after a.txt was replaced.
    const run = applyChanges(dir, [
      { path: "a.txt", content: "A\n", expected: "a\n" },
      { path: "src/channels/x.ts/inner.ts", content: "no\n", expected: undefined },
      { path: "src/channels/x.ts", content: null, expected: "x\n" },
    ]);
    await expect(run).rejects.toThrow();
    expect(await listFiles(dir)).toEqual(["a.txt", "src/channels/x.ts"]);
    expect(await readFile(join(dir, "a.txt"), "utf8")).toBe("a\n");
    expect(await readFile(join(dir, "src/channels/x.ts"), "utf8")).toBe("x\n");
    expect((await readdir(dir)).sort()).toEqual(["a.txt", "src"]);
  });

  it("refuses paths outside the project", async () => {
    await expect(applyChanges(await project("outside"), [{ path: "../evil.txt", content: "x", expected: undefined }])).rejects.toThrow(/inside the project/);
  });
});
