// Without a terminal the CLI never waits for input: missing answers exit 2 naming the flags and
// printing the one-line command; --yes fills in the defaults; a non-empty directory needs --force.
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultAnswers } from "../../generators/answers.ts";
import { cleanEnv, entries, runCli, tempDir } from "./_cli.ts";

const manifestOf = async (dir: string) => (JSON.parse(await readFile(join(dir, "agent-host.json"), "utf8")) as { answers: Record<string, unknown> }).answers;

describe("non-interactive runs", () => {
  it("missing answers exit 2, name each missing flag and print the one-line command", async () => {
    const cwd = await tempDir();
    const run = await runCli(["app", "--channels", "invocations"], { cwd });
    expect(run.code).toBe(2);
    for (const flag of ["--target", "--model", "--storage", "--install or --no-install", "--git or --no-git"]) expect(run.stderr).toContain(flag);
    expect(run.stderr).not.toContain("--channels <");
    expect(run.stderr).toContain("--yes");
    expect(run.stderr).toMatch(/npm (run create --|create agent-host@latest) app .*--channels invocations/);
    expect(run.stdout).toBe("");
    expect(await entries(cwd)).toEqual([]);
  });

  it("a missing directory is named too, and the command uses the package manager that ran us", async () => {
    const run = await runCli(["--target", "workflow"], { cwd: await tempDir(), env: cleanEnv({ npm_config_user_agent: "pnpm/9.12.0 npm/? node/v22.18.0 linux x64" }) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("<dir>");
    expect(run.stderr).not.toContain("--model <");
  });

  it("a coding agent at a terminal gets the same fast failure instead of a prompt", async () => {
    const run = await runCli(["app"], { cwd: await tempDir(), isTTY: true, env: cleanEnv({ CLAUDECODE: "1" }) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--target");
  });

  it("--yes creates the project with the defaults for everything not given", async () => {
    const cwd = await tempDir();
    const run = await runCli(["my-app", "--yes", "--no-install", "--no-git"], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(await manifestOf(join(cwd, "my-app"))).toMatchObject({ name: "my-app", ...defaultAnswers });
    expect(run.stdout).toContain("Next steps");
    expect(run.stdout).toContain("cd my-app");
  });

  it("--yes without a directory uses my-agent-host; flags still win over defaults", async () => {
    const cwd = await tempDir();
    const run = await runCli(["--yes", "--target", "workflow", "--channels", "invocations", "--no-install", "--no-git"], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(await manifestOf(join(cwd, "my-agent-host"))).toMatchObject({ target: "workflow", channels: ["invocations"], storage: defaultAnswers.storage });
  });

  it("a non-empty directory is refused without --force (exit 1, nothing changed) and written with it", async () => {
    const cwd = await tempDir();
    const dir = join(cwd, "app");
    await mkdir(dir);
    await writeFile(join(dir, "notes.txt"), "mine");
    const args = ["app", "--yes", "--channels", "invocations", "--no-install", "--no-git"];
    const refused = await runCli(args, { cwd });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("app is not empty");
    expect(refused.stderr).toContain("--force");
    expect(await entries(dir)).toEqual(["notes.txt"]);

    const forced = await runCli([...args, "--force"], { cwd });
    expect(forced.code, forced.stderr).toBe(0);
    expect(await entries(dir)).toEqual(expect.arrayContaining(["notes.txt", "package.json", "agent-host.json"]));
    expect(await readFile(join(dir, "notes.txt"), "utf8")).toBe("mine");
  });

  it("a directory name that is not a package name becomes a valid one", async () => {
    const cwd = await tempDir();
    const run = await runCli(["My Agent", "--yes", "--channels", "invocations", "--no-install", "--no-git"], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect((await manifestOf(join(cwd, "My Agent"))).name).toBe("my-agent");
    expect(run.stdout).toContain('cd "My Agent"');
  });
});
