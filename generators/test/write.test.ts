// writeProject: writes a new folder in one move, refuses a non-empty folder without force, replaces
// files with force, and leaves nothing behind when a write fails midway.
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { GeneratedFile } from "../tree.ts";
import { TargetNotEmptyError, writeProject } from "../write.ts";

const parent = await mkdtemp(join(tmpdir(), "write-test-"));
afterAll(() => rm(parent, { recursive: true, force: true }));

const files: GeneratedFile[] = [
  { path: "package.json", content: "{}\n" },
  { path: "src/main.ts", content: "// main\n" },
  { path: "vendor/blob.bin", content: new Uint8Array([0, 255, 1]) },
];

async function folderOf(name: string): Promise<string> {
  const dir = join(parent, name);
  await mkdir(dir);
  return dir;
}

describe("writeProject", () => {
  it("creates the folder with every file, text and bytes", async () => {
    const dir = join(parent, "new", "project");
    await writeProject(files, dir);
    expect(await readFile(join(dir, "src/main.ts"), "utf8")).toBe("// main\n");
    expect([...(await readFile(join(dir, "vendor/blob.bin")))]).toEqual([0, 255, 1]);
    expect(((await stat(dir)).mode & 0o777).toString(8)).not.toBe("700");
    expect(await readdir(join(parent, "new"))).toEqual(["project"]);
  });

  it("writes into an existing empty folder", async () => {
    const dir = await folderOf("empty");
    await writeProject(files, dir);
    expect((await readdir(dir)).sort()).toEqual(["package.json", "src", "vendor"]);
  });

  it("refuses a non-empty folder without force, naming it and --force", async () => {
    const dir = await folderOf("taken");
    await writeFile(join(dir, "notes.txt"), "mine");
    const error = await writeProject(files, dir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TargetNotEmptyError);
    expect((error as TargetNotEmptyError).dir).toBe(dir);
    expect((error as Error).message).toContain(dir);
    expect((error as Error).message).toContain("--force");
    expect(await readdir(dir)).toEqual(["notes.txt"]);
  });

  it("with force, replaces files of the same name and keeps the others", async () => {
    const dir = await folderOf("forced");
    await writeFile(join(dir, "notes.txt"), "mine");
    await writeFile(join(dir, "package.json"), "old");
    await mkdir(join(dir, "src", "main.ts"), { recursive: true });
    await writeProject(files, dir, { force: true });
    expect(await readFile(join(dir, "package.json"), "utf8")).toBe("{}\n");
    expect(await readFile(join(dir, "src/main.ts"), "utf8")).toBe("// main\n");
    expect(await readFile(join(dir, "notes.txt"), "utf8")).toBe("mine");
    expect((await readdir(parent)).filter((name) => name.includes("staging"))).toEqual([]);
  });

  it("leaves nothing behind when a write fails midway", async () => {
    const outer = await folderOf("failing");
    const dir = join(outer, "project");
    // "src/main.ts" is written as a file first, so "src/main.ts/inner.ts" cannot be created.
    const broken = [...files, { path: "src/main.ts/inner.ts", content: "x" }];
    await expect(writeProject(broken, dir)).rejects.toThrow();
    expect(await readdir(outer)).toEqual([]);
  });

  it("refuses paths that leave the project", async () => {
    const dir = join(parent, "escape");
    await expect(writeProject([{ path: "../evil.txt", content: "x" }], dir)).rejects.toThrow(/stay inside the project/);
    await expect(writeProject([{ path: "/etc/evil", content: "x" }], dir)).rejects.toThrow(/stay inside the project/);
    await expect(stat(dir)).rejects.toThrow();
  });
});
