// --dry-run writes nothing and prints the tree (and a diff against an existing directory); --json
// prints exactly one JSON object on stdout, for created projects and dry runs.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { entries, runCli, tempDir } from "./_cli.ts";

const base = ["--yes", "--target", "agent", "--channels", "invocations", "--storage", "file", "--no-install", "--no-git"];

describe("--dry-run", () => {
  it("prints the file tree and writes nothing", async () => {
    const cwd = await tempDir();
    const run = await runCli(["app", ...base, "--dry-run"], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("Would write");
    expect(run.stdout).toMatch(/├── src\/\n│   ├── channels\/\n│   │   ├── invocations/);
    expect(run.stdout).toContain("package.json");
    expect(run.stdout).toContain("Nothing was written (--dry-run).");
    expect(await entries(cwd)).toEqual([]);
  });

  it("shows a diff against an existing directory and changes nothing in it", async () => {
    const cwd = await tempDir();
    expect((await runCli(["app", ...base], { cwd })).code).toBe(0);
    const agent = join(cwd, "app", "src", "agent.ts");
    await writeFile(agent, `${await readFile(agent, "utf8")}// my change\n`);
    const before = await entries(join(cwd, "app"));

    const run = await runCli(["app", ...base, "--storage", "memory", "--dry-run"], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("~ host.ts");
    expect(run.stdout).toContain("= package.json");
    expect(run.stdout).toContain("--- a/src/agent.ts");
    expect(run.stdout).toContain("-// my change");
    expect(run.stdout).toMatch(/\n\+.*memoryStore/);
    expect(run.stdout).toContain("app is not empty: writing into it needs --force.");
    expect(await readFile(agent, "utf8")).toContain("// my change");
    expect(await entries(join(cwd, "app"))).toEqual(before);
  });

  it("shows the install command of the chosen package manager", async () => {
    const run = await runCli(["app", ...base.filter((flag) => flag !== "--no-install"), "--install", "--pm", "pnpm", "--dry-run"], { cwd: await tempDir() });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("Would run pnpm i in app");
  });
});

describe("--json", () => {
  it("prints one JSON object for a created project and nothing else on stdout", async () => {
    const cwd = await tempDir();
    const run = await runCli(["app", ...base, "--json"], { cwd });
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(result).toMatchObject({
      status: "created",
      dir: join(cwd, "app"),
      answers: { name: "app", target: "agent", channels: ["invocations"] },
      packageManager: "npm",
      install: { run: false, command: "npm i" },
      git: "not-requested",
    });
    expect(result.files).toEqual(expect.arrayContaining(["package.json", "src/host.ts"]));
    expect((result.nextSteps as { commands: string[] }).commands).toEqual(["cd app", "npm i", "cp .env.example .env", "npm run dev", "npm run test"]);
    expect(run.stderr).toContain("Created");
  });

  it("describes a dry run with the status of every file", async () => {
    const cwd = await tempDir();
    const run = await runCli(["app", ...base, "--dry-run", "--json"], { cwd });
    const result = JSON.parse(run.stdout) as { status: string; files: { path: string; status: string }[] };
    expect(result.status).toBe("dry-run");
    expect(result.files).toContainEqual({ path: "package.json", status: "create" });
    expect(await entries(cwd)).toEqual([]);
  });
});

describe("install", () => {
  it("a failed install keeps the project, exits 1 and says how to finish", async () => {
    const cwd = await tempDir();
    // No PATH: the package manager cannot be found, so nothing is downloaded.
    const args = ["app", "--yes", "--channels", "invocations", "--install", "--no-git", "--pm", "npm", "--json"];
    const run = await runCli(args, { cwd, env: { PATH: join(cwd, "no-bin") } });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: "created", install: { run: true, ok: false, command: "npm i" } });
    expect(run.stderr).toContain("npm is not installed or not on PATH");
    expect(run.stderr).toContain("run npm i in app");
    expect(await entries(join(cwd, "app"))).toContain("package.json");
  });
});
