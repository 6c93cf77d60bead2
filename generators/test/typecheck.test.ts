// Generated projects type-check: against runtime/src (the agent-host-source condition, no build), and
// against the packed runtime tarball exactly as an installed project sees it (dist/*.d.ts).
import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import type { Answers } from "../answers.ts";
import { generateProject } from "../project.ts";
import { REPO_ROOT } from "../repo.ts";
import type { GeneratedFile } from "../tree.ts";
import { packRuntime } from "../vendor-runtime.ts";
import { full, minimal, scratchDir, workflow } from "./_helpers.ts";

const run = promisify(execFile);
const TSC = join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
const cleanups: Array<() => Promise<void>> = [];
afterAll(() => Promise.all(cleanups.map((cleanup) => cleanup())));

async function writeTemp(files: readonly GeneratedFile[], extraCompilerOptions: object): Promise<string> {
  const { dir, remove } = await scratchDir("tc");
  cleanups.push(remove);
  for (const file of files) {
    await mkdir(dirname(join(dir, file.path)), { recursive: true });
    await writeFile(join(dir, file.path), file.content);
  }
  const config = { extends: "./tsconfig.json", compilerOptions: extraCompilerOptions };
  await writeFile(join(dir, "tsconfig.check.json"), JSON.stringify(config));
  return dir;
}

/** Runs tsc on the project; resolves to its output so a failure shows every error. */
async function typecheck(dir: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run(process.execPath, [TSC, "--noEmit", "-p", join(dir, "tsconfig.check.json")], { cwd: dir });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

const combinations: Record<string, Answers> = {
  minimal,
  full,
  workflow,
  azure: { ...full, name: "azure-agent", model: "azure", channels: ["invocations"], storage: "memory" },
  anthropic: { ...full, name: "anthropic-agent", model: "anthropic" },
};

describe("generated projects type-check", () => {
  for (const [name, answers] of Object.entries(combinations)) {
    it(`${name}, against runtime/src`, async () => {
      const dir = await writeTemp(await generateProject(answers), { customConditions: ["agent-host-source"] });
      expect(await typecheck(dir)).toEqual({ code: 0, output: "" });
    }, 60_000);
  }

  it("reports a type error in a generated project (the check is real)", async () => {
    const files = (await generateProject(minimal)).map((file) =>
      file.path === "src/main.ts" ? { ...file, content: `${String(file.content)}\nconst broken: number = "text";\n` } : file,
    );
    const result = await typecheck(await writeTemp(files, { customConditions: ["agent-host-source"] }));
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("src/main.ts");
  }, 60_000);

  it("full, against the packed runtime tarball (dist types, as installed)", async () => {
    const { fileName, bytes } = await packRuntime(REPO_ROOT);
    const dir = await writeTemp(await generateProject(full), {});
    const tarball = join(dir, "vendor", fileName);
    await mkdir(dirname(tarball), { recursive: true });
    await writeFile(tarball, bytes);
    // What `npm install` puts in node_modules/agent-host; the runtime's own dependencies resolve from this repository.
    await mkdir(join(dir, "node_modules", "agent-host"), { recursive: true });
    await run("tar", ["-xzf", tarball, "-C", join(dir, "node_modules", "agent-host"), "--strip-components=1"]);
    expect(await typecheck(dir)).toEqual({ code: 0, output: "" });
  }, 120_000);
});
