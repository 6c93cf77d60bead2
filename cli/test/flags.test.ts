// Wrong flags and values end with exit 2 and list the valid values from the catalog; nothing falls
// back to a default silently, and nothing is written.
import { describe, expect, it } from "vitest";
import { CHANNEL_IDS, MODEL_IDS, STORAGE_IDS, TARGET_IDS } from "../../generators/catalog.ts";
import { parseFlags } from "../src/flags.ts";
import { entries, runCli, tempDir } from "./_cli.ts";

describe("flag validation", () => {
  it("an unknown channel exits 2 and lists every valid channel id", async () => {
    const cwd = await tempDir();
    const run = await runCli(["app", "--yes", "--channels", "responses,telegramm"], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Unknown channel "telegramm" in --channels');
    for (const id of CHANNEL_IDS) expect(run.stderr).toContain(id);
    expect(run.stdout).toBe("");
    expect(await entries(cwd)).toEqual([]);
  });

  it.each([
    ["--target", "chatbot", TARGET_IDS],
    ["--model", "gpt", MODEL_IDS],
    ["--storage", "mongodb", STORAGE_IDS],
  ] as const)("an unknown %s value exits 2 and lists the valid ones", async (flag, value, ids) => {
    const run = await runCli(["app", "--yes", flag, value], { cwd: await tempDir() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`Unknown value "${value}" for ${flag}`);
    for (const id of ids) expect(run.stderr).toContain(id);
  });

  it("an unknown --auth and --pm exit 2", async () => {
    const cwd = await tempDir();
    expect((await runCli(["app", "--yes", "--auth", "entra"], { cwd })).stderr).toContain('Unknown value "entra" for --auth');
    const pm = await runCli(["app", "--yes", "--pm", "pip"], { cwd });
    expect(pm.code).toBe(2);
    expect(pm.stderr).toContain("npm, pnpm, yarn, bun");
  });

  it("an unknown flag and a second directory are usage errors", async () => {
    const cwd = await tempDir();
    const unknown = await runCli(["app", "--chanels", "responses"], { cwd });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("--chanels");
    expect(unknown.stderr).toContain("--help");
    const two = await runCli(["a", "b", "--yes"], { cwd });
    expect(two.code).toBe(2);
    expect(two.stderr).toContain("Expected one project directory");
  });

  it("a model for the workflow target is refused instead of ignored", async () => {
    const run = await runCli(["app", "--yes", "--target", "workflow", "--model", "openai"], { cwd: await tempDir() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--model openai does not apply to --target workflow");
  });

  it("parses lists, repeats and negations", () => {
    const flags = parseFlags(["dir", "--channels", "invocations, responses", "--channels", "responses", "--no-install", "--git", "-y"]);
    expect(flags).toMatchObject({ dir: "dir", channels: ["invocations", "responses"], install: false, git: true, yes: true });
    expect(() => parseFlags(["--channels", ","])).toThrow("at least one channel");
  });

  it("--json errors are one JSON object on stdout", async () => {
    const run = await runCli(["app", "--json", "--storage", "mongodb"], { cwd: await tempDir() });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: "error", exitCode: 2 });
  });
});
