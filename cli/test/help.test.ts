// --help lists every catalog id and the exit codes; --version prints cli/package.json's version, so
// the help can never drift from the catalog.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CHANNEL_IDS, MODEL_IDS, STORAGE_IDS, TARGET_IDS } from "../../generators/catalog.ts";
import { runCli, tempDir } from "./_cli.ts";

const version = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;

describe("--help and --version", () => {
  it("--help documents every flag and every catalog id", async () => {
    const run = await runCli(["--help"], { cwd: await tempDir() });
    expect(run.code).toBe(0);
    for (const flag of ["--target", "--channels", "--model", "--auth", "--storage", "--pm", "--no-install", "--no-git", "--yes", "--force", "--dry-run", "--json", "--version"]) {
      expect(run.stdout).toContain(flag);
    }
    for (const id of [...TARGET_IDS, ...MODEL_IDS, ...CHANNEL_IDS, ...STORAGE_IDS]) expect(run.stdout).toContain(id);
    expect(run.stdout).toContain("Exit codes");
    expect(run.stderr).toBe("");
  });

  it("-h is --help, -v and --version print the version", async () => {
    const cwd = await tempDir();
    expect((await runCli(["-h"], { cwd })).stdout).toContain("Usage:");
    expect(await runCli(["--version"], { cwd })).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
    expect((await runCli(["-v"], { cwd })).stdout).toBe(`${version}\n`);
  });
});
