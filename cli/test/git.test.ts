// git init runs for a project of its own, and is skipped (even with --git) when the project is
// created inside an existing repository.
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exec } from "../src/_exec.ts";
import { insideGitRepo } from "../src/git.ts";
import { cleanEnv, runCli, tempDir } from "./_cli.ts";

const env = cleanEnv({ GIT_AUTHOR_NAME: "Test", GIT_AUTHOR_EMAIL: "test@example.com", GIT_COMMITTER_NAME: "Test", GIT_COMMITTER_EMAIL: "test@example.com" });
const args = ["--yes", "--channels", "invocations", "--no-install", "--git", "--json"];

describe("git", () => {
  it("initializes a repository with an initial commit outside any repository", async () => {
    const cwd = await tempDir();
    expect(await insideGitRepo(join(cwd, "app"), env)).toBe(false);
    const run = await runCli(["app", ...args], { cwd, env });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ git: "initialized" });
    const log = await exec("git", ["log", "--oneline"], { cwd: join(cwd, "app"), env });
    expect(log.output).toContain("Initial commit from create-agent-host");
  });

  it("skips git init inside an existing repository, even with --git", async () => {
    const repo = await tempDir();
    expect((await exec("git", ["init", "--quiet"], { cwd: repo, env })).code).toBe(0);
    await mkdir(join(repo, "packages"));
    const run = await runCli(["packages/app", ...args], { cwd: repo, env });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ git: "skipped-inside-repo" });
    expect(run.stderr).toContain("inside an existing git repository");
    expect(existsSync(join(repo, "packages", "app", ".git"))).toBe(false);
  });

  it("does not ask for --git/--no-git inside a repository", async () => {
    const repo = await tempDir();
    await exec("git", ["init", "--quiet"], { cwd: repo, env });
    const run = await runCli(["app", "--target", "workflow", "--channels", "invocations", "--auth", "open", "--storage", "file", "--no-install", "--json"], { cwd: repo, env });
    expect(run.code, run.stderr).toBe(0);
  });
});
