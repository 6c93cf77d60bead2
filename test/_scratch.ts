// Helpers for integration tests: write a generated project into a scratch folder inside this
// repository (so `agent-host` and every dependency resolve from the repo's install), type-check it, test it.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import type { GeneratedFile } from "../generators/project.ts";

export const REPO_ROOT = resolve(import.meta.dirname, "..");
const SCRATCH_ROOT = join(REPO_ROOT, ".scratch");
const run = promisify(execFile);

/** A fresh folder under .scratch/ (ignored by git; inside the repo so packages resolve from its install). */
export async function scratchDir(label: string): Promise<string> {
  const dir = join(SCRATCH_ROOT, `${label}-${randomBytes(4).toString("hex")}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

export async function writeFiles(dir: string, files: GeneratedFile[]): Promise<void> {
  for (const file of files) {
    const path = join(dir, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.content);
  }
}

/** Without the vendored tarball: these projects resolve `agent-host` to runtime/src instead. */
export function withoutVendor(files: GeneratedFile[]): GeneratedFile[] {
  return files.filter((file) => !file.path.startsWith("vendor/"));
}

/** Runs the repo's tsc on the project, with `agent-host` resolved to its TypeScript source. */
export async function typecheck(dir: string): Promise<void> {
  await writeFile(
    join(dir, "tsconfig.repo.json"),
    JSON.stringify({ extends: "./tsconfig.json", compilerOptions: { customConditions: ["agent-host-source"] } }),
  );
  await run(join(REPO_ROOT, "node_modules", ".bin", "tsc"), ["-p", join(dir, "tsconfig.repo.json")], { cwd: dir });
}

/** Runs the project's own tests (or only `files`) with the repo's vitest, `agent-host` resolved to its source. */
export async function runProjectTests(dir: string, files: string[] = []): Promise<string> {
  await writeFile(
    join(dir, "vitest.repo.config.ts"),
    [
      'import { mergeConfig } from "vitest/config";',
      'import base from "./vitest.config.ts";',
      'const conditions = ["agent-host-source"];',
      "export default mergeConfig(base, { resolve: { conditions }, ssr: { resolve: { conditions } } });",
      "",
    ].join("\n"),
  );
  const { stdout } = await run(join(REPO_ROOT, "node_modules", ".bin", "vitest"), ["run", "--config", "vitest.repo.config.ts", ...files], {
    cwd: dir,
    env: { ...process.env, CI: "true", AGENT_HOST_LOG: "error" },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
