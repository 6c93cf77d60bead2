// The interactive wizard driven through mock streams, as clack's own tests do: keys go into a
// PassThrough stdin once each prompt has rendered; Ctrl-C at any prompt leaves nothing written.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { exec } from "../src/_exec.ts";
import { Capture, KEY, cleanEnv, entries, runCli, tempDir, waitFor } from "./_cli.ts";

/** Starts the CLI at a fake terminal; `answer(prompt, keys)` waits for a prompt and types. */
function wizard(argv: string[], cwd: string, env = cleanEnv()) {
  const stdin = new PassThrough();
  const stdout = new Capture();
  const done = runCli(argv, { cwd, isTTY: true, stdin, stdout, env });
  let position = 0;
  return {
    done,
    stdout,
    async answer(prompt: string, ...keys: string[]) {
      position = await waitFor(stdout, prompt, position);
      for (const key of keys) stdin.write(key);
    },
  };
}

describe("interactive wizard", () => {
  it("asks for directory, target, channels, storage and package manager, then creates what was chosen", async () => {
    const cwd = await tempDir();
    const run = wizard(["--no-install", "--no-git"], cwd);
    await run.answer("Project directory", ..."my-bot", KEY.enter);
    await run.answer("What does the project host?", KEY.down, KEY.enter); // workflow: no model question
    await run.answer("Channels", KEY.space, KEY.enter); // untick responses, keep invocations
    await run.answer("Auth profile", KEY.enter); // open
    await run.answer("Where does the host keep its state?", KEY.down, KEY.enter); // memory
    await run.answer("Package manager", KEY.enter);
    await run.answer("Create the project?", KEY.enter);
    const result = await run.done;

    expect(result.code, result.stderr).toBe(0);
    expect(run.stdout.text).not.toContain("Which model answers?");
    expect(run.stdout.text).toContain("Summary");
    const manifest = JSON.parse(await readFile(join(cwd, "my-bot", "agent-host.json"), "utf8")) as { answers: unknown };
    expect(manifest.answers).toMatchObject({ name: "my-bot", target: "workflow", model: "none", channels: ["invocations"], auth: "open", storage: "memory" });
    expect(await entries(join(cwd, "my-bot"))).toContain("package.json");
  });

  it("asks only what the flags left open (the model for the agent target here)", async () => {
    const cwd = await tempDir();
    const run = wizard(["bot", "--target", "agent", "--channels", "responses", "--storage", "file", "--pm", "npm", "--no-install", "--no-git"], cwd);
    await run.answer("Which model answers?", KEY.down, KEY.down, KEY.enter); // azure
    await run.answer("Auth profile", KEY.down, KEY.enter); // forced-link
    await run.answer("Create the project?", KEY.enter);
    const result = await run.done;
    expect(result.code, result.stderr).toBe(0);
    expect(run.stdout.text).not.toContain("Project directory");
    const manifest = JSON.parse(await readFile(join(cwd, "bot", "agent-host.json"), "utf8")) as { answers: unknown };
    expect(manifest.answers).toMatchObject({ target: "agent", model: "azure", channels: ["responses"], auth: "forced-link", storage: "file" });
  });

  it("Ctrl-C at the first prompt exits 130 and writes nothing", async () => {
    const cwd = await tempDir();
    const run = wizard([], cwd);
    await run.answer("Project directory", KEY.ctrlC);
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(run.stdout.text).toContain("Nothing was written");
    expect(await entries(cwd)).toEqual([]);
  });

  it("Ctrl-C later in the wizard, or declining the summary, writes nothing", async () => {
    const cwd = await tempDir();
    const late = wizard(["--no-install", "--no-git"], cwd);
    await late.answer("Project directory", ..."bot", KEY.enter);
    await late.answer("What does the project host?", KEY.enter);
    await late.answer("Which model answers?", KEY.ctrlC);
    expect((await late.done).code).toBe(130);

    const declined = wizard(["bot", "--target", "workflow", "--channels", "responses", "--auth", "open", "--storage", "file", "--pm", "npm", "--no-install", "--no-git"], cwd);
    await declined.answer("Create the project?", KEY.down, KEY.enter);
    expect(await declined.done).toMatchObject({ code: 130 });
    expect(await entries(cwd)).toEqual([]);
  });

  it("the directory prompt refuses a non-empty directory and asks again", async () => {
    const cwd = await tempDir();
    const first = await runCli(["taken", "--yes", "--target", "workflow", "--channels", "invocations", "--no-install", "--no-git"], { cwd });
    expect(first.code, first.stderr).toBe(0);
    const run = wizard([], cwd);
    await run.answer("Project directory", ..."taken", KEY.enter);
    await run.answer("is not empty", KEY.ctrlC);
    expect((await run.done).code).toBe(130);
  });

  it("does not ask about git inside an existing repository, and says why in the summary", async () => {
    const repo = await tempDir();
    await exec("git", ["init", "--quiet"], { cwd: repo, env: cleanEnv() });
    const run = wizard(["bot", "--target", "workflow", "--channels", "invocations", "--auth", "open", "--storage", "file", "--pm", "npm", "--no-install"], repo);
    await run.answer("Create the project?", KEY.enter);
    expect((await run.done).code).toBe(0);
    expect(run.stdout.text).not.toContain("Initialize a git repository?");
    expect(run.stdout.text).toContain("no (inside an existing git repository)");
    expect(run.stdout.text).toContain("Skipped git init");
  });
});
