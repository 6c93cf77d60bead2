// add-channel, remove-channel and diff through main(argv, io) on projects in temp folders: without a
// terminal they need --yes (exit 2 naming it), --dry-run writes nothing, results are none | updated |
// cancelled | failure, and at a (fake) terminal the diff is shown and the question asked.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { Answers } from "../../generators/answers.ts";
import { CHANNEL_IDS, catalog } from "../../generators/catalog.ts";
import { generateProject } from "../../generators/project.ts";
import { readTree } from "../../generators/tree.ts";
import { writeProject } from "../../generators/write.ts";
import { Capture, KEY, cleanEnv, runCli, tempDir, waitFor } from "./_cli.ts";

const [first, second] = [CHANNEL_IDS[0], CHANNEL_IDS[1]] as const;
const answers: Answers = { name: "edited-agent", target: "agent", model: "none", channels: [first], auth: "open", storage: "file" };

async function project(channels = answers.channels): Promise<string> {
  const dir = join(await tempDir(), "edited-agent");
  await writeProject(await generateProject({ ...answers, channels }, { runtimeSpec: "^0.1.0" }), dir);
  return dir;
}

const json = (stdout: string) => JSON.parse(stdout) as Record<string, unknown> & { files?: Array<{ path: string; diff?: string[] }> };

describe("add-channel / remove-channel without a terminal", () => {
  it("needs --yes: exit 2 with the command line to run, nothing written", async () => {
    const dir = await project();
    const before = await readTree(dir);
    const run = await runCli(["add-channel", second], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Add --yes");
    expect(run.stderr).toContain(`npx create-agent-host add-channel ${second} --yes`);
    expect(await readTree(dir)).toEqual(before);

    const inScript = await runCli(["add-channel", second], { cwd: dir, env: cleanEnv({ npm_lifecycle_event: "agent-host" }) });
    expect(inScript.stderr).toContain(`npm run agent-host -- add-channel ${second} --yes`);
  });

  it("--dry-run shows the tree and the diffs and writes nothing; --json has them too", async () => {
    const dir = await project();
    const before = await readTree(dir);
    const run = await runCli(["add-channel", second, "--dry-run"], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`+ ${catalog.channels[second].module}`);
    expect(run.stdout).toContain(`+import { ${catalog.channels[second].factory} }`);
    expect(run.stdout).toContain("Nothing was written (--dry-run)");

    const machine = await runCli(["add-channel", second, "--dry-run", "--json"], { cwd: dir });
    const result = json(machine.stdout);
    expect(result).toMatchObject({ command: "add-channel", status: "updated", written: false, dryRun: true, exitCode: 0 });
    expect(result.files?.find((file) => file.path === "src/host.ts")?.diff?.join("\n")).toContain(`${catalog.channels[second].factory}()`);
    expect(await readTree(dir)).toEqual(before);
  });

  it("--yes writes what a fresh project has; a rerun is `none`; remove-channel gives the original back", async () => {
    const dir = await project();
    const original = await readTree(dir);
    const added = await runCli(["add-channel", second, "--yes", "--json"], { cwd: dir });
    expect(added.code, added.stderr).toBe(0);
    expect(json(added.stdout)).toMatchObject({ status: "updated", written: true, channels: { added: [second], after: [first, second] } });
    const fresh = await generateProject({ ...answers, channels: [first, second] }, { runtimeSpec: "^0.1.0" });
    expect(await readTree(dir)).toEqual(fresh);

    const again = await runCli(["add-channel", second, "--yes", "--json"], { cwd: dir });
    expect(json(again.stdout)).toMatchObject({ status: "none", exitCode: 0, files: [] });

    const removed = await runCli(["remove-channel", second, "--yes"], { cwd: join(dir, "src") });
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toContain(`Removed ${second}`);
    expect(await readTree(dir)).toEqual(original);
  });

  it("refusals are failures (exit 1) with a message: the last channel, a restructured src/host.ts", async () => {
    const dir = await project();
    const last = await runCli(["remove-channel", first, "--yes", "--json"], { cwd: dir });
    expect(last.code).toBe(1);
    expect(json(last.stdout)).toMatchObject({ status: "failure", exitCode: 1, message: expect.stringMatching(/without a channel/) });

    const factory = catalog.channels[first].factory;
    const host = (await readFile(join(dir, "src/host.ts"), "utf8")).replace(`channels: [${factory}()],`, `channels: mine,`).replace("export function", `const mine = [${factory}()];\nexport function`);
    await writeFile(join(dir, "src/host.ts"), host);
    const before = await readTree(dir);
    const run = await runCli(["add-channel", second, "--yes"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`import { ${catalog.channels[second].factory} } from "./channels/${catalog.channels[second].module}";`);
    expect(await readTree(dir)).toEqual(before);
  });

  it("usage errors exit 2: an unknown channel, no channel at all; --help lists the channels", async () => {
    const dir = await project();
    const unknown = await runCli(["add-channel", "pigeon", "--yes", "--json"], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(json(unknown.stdout)).toMatchObject({ command: "add-channel", status: "failure", exitCode: 2 });
    expect(unknown.stderr).toContain(first);
    expect((await runCli(["remove-channel", "--yes"], { cwd: dir })).code).toBe(2);
    const help = await runCli(["add-channel", "--help"], { cwd: dir });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--dry-run");
    expect(help.stdout).toContain(catalog.channels[second].title);
  });

  it("outside a project: exit 1 naming agent-host.json", async () => {
    const run = await runCli(["add-channel", second, "--yes"], { cwd: await tempDir() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("No agent-host.json");
  });
});

describe("at a terminal", () => {
  function terminal(argv: string[], cwd: string) {
    const [stdin, stdout] = [new PassThrough(), new Capture()];
    return { stdin, stdout, done: runCli(argv, { cwd, isTTY: true, stdin, stdout }) };
  }

  it("shows the diff in a box and asks; No is `cancelled` (exit 130), nothing written", async () => {
    const dir = await project();
    const before = await readTree(dir);
    const run = terminal(["add-channel", second], dir);
    await waitFor(run.stdout, "Apply these changes?");
    expect(run.stdout.text).toContain("╭─ src/host.ts");
    run.stdin.write(KEY.down);
    run.stdin.write(KEY.enter);
    expect((await run.done).code).toBe(130);
    expect(await readTree(dir)).toEqual(before);
  });

  it("asks which channels when none are named, then writes on Yes", async () => {
    const dir = await project();
    const run = terminal(["add-channel"], dir);
    await waitFor(run.stdout, "Channels to add");
    run.stdin.write(KEY.space);
    run.stdin.write(KEY.enter);
    await waitFor(run.stdout, "Apply these changes?");
    run.stdin.write(KEY.enter);
    const result = await run.done;
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(await readFile(join(dir, "agent-host.json"), "utf8")).answers.channels).toEqual([first, second]);
  });
});

describe("diff", () => {
  it("marks every generated file as generated or edited, with the user's changes", async () => {
    const dir = await project();
    await writeFile(join(dir, "README.md"), `${await readFile(join(dir, "README.md"), "utf8")}\nOur notes.\n`);
    const run = await runCli(["diff"], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("~ README.md");
    expect(run.stdout).toContain("= host.ts");
    expect(run.stdout).toContain("+Our notes.");

    const machine = json((await runCli(["diff", "--json"], { cwd: dir })).stdout) as { files: Array<{ path: string; state: string }> };
    expect(machine.files.find((file) => file.path === "README.md")?.state).toBe("edited");
    expect(machine.files.find((file) => file.path === "src/host.ts")?.state).toBe("pristine");
  });
});
