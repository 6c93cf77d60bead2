// What `npm pack` publishes for agent-host (prepack builds dist/ first): package.json, README, LICENSE
// and the JS + .d.ts of every "exports" target; no sources, tests, fixtures or source maps.
import { execFile } from "node:child_process";
import { copyFile, cp, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";

const RUNTIME_DIR = resolve(import.meta.dirname, "..");
const REPO_ROOT = resolve(RUNTIME_DIR, "..");
const run = promisify(execFile);

interface PackResult {
  files: Array<{ path: string }>;
}

/** Every path an "exports" entry points at under a published condition (`types`, `default`, …). */
async function exportTargets(): Promise<string[]> {
  const pkg = JSON.parse(await readFile(join(RUNTIME_DIR, "package.json"), "utf8")) as { exports: Record<string, Record<string, string>> };
  return Object.values(pkg.exports).flatMap((conditions) =>
    Object.entries(conditions)
      .filter(([condition]) => condition !== "agent-host-source")
      .map(([, target]) => target.replace(/^\.\//, "")),
  );
}

/**
 * runtime/ copied into a scratch folder (beside the tsconfig.base.json it extends, inside the repository so
 * its types and build tools resolve, outside node_modules so Node runs its TypeScript build script), so its
 * prepack cleans and builds dist/ there: the local-registry test publishes runtime/ itself in the same test run.
 */
async function stageRuntime(): Promise<{ root: string; stage: string }> {
  const scratch = join(REPO_ROOT, ".scratch");
  await mkdir(scratch, { recursive: true });
  const root = await mkdtemp(join(scratch, "pack-test-"));
  const stage = join(root, "runtime");
  await cp(RUNTIME_DIR, stage, { recursive: true, filter: (source) => !/^(dist|node_modules)$/.test(relative(RUNTIME_DIR, source).split(sep)[0] ?? "") });
  await copyFile(join(REPO_ROOT, "tsconfig.base.json"), join(root, "tsconfig.base.json"));
  return { root, stage };
}

describe("npm pack of agent-host", () => {
  let files: string[] = [];

  beforeAll(async () => {
    const { root, stage } = await stageRuntime();
    // The npm that runs the tests when there is one (npm_execpath), else npm from PATH.
    const execPath = process.env.npm_execpath;
    const [command, args] = execPath?.endsWith("npm-cli.js") ? [process.execPath, [execPath]] : ["npm", []];
    const { stdout } = await run(command, [...args, "pack", "--dry-run", "--json"], {
      cwd: stage,
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, npm_config_update_notifier: "false" },
    }).finally(() => rm(root, { recursive: true, force: true }));
    // Lifecycle output (prepack → build) may precede the JSON.
    const [result] = JSON.parse(stdout.slice(stdout.search(/^\[/m))) as PackResult[];
    files = (result?.files ?? []).map((file) => file.path).sort();
  }, 120_000);

  it("ships package.json, README.md, LICENSE and the entry point", () => {
    expect(files).toEqual(expect.arrayContaining(["package.json", "README.md", "LICENSE", "dist/index.js", "dist/index.d.ts"]));
  });

  it('ships the .js and .d.ts of every "exports" target', async () => {
    const targets = await exportTargets();
    const jsAndTypes = targets.flatMap((target) => [target.replace(/\.d\.ts$|\.js$/, ".js"), target.replace(/\.d\.ts$|\.js$/, ".d.ts")]);
    expect(targets.length).toBeGreaterThan(0);
    expect(jsAndTypes.filter((path) => !files.includes(path)), "exports targets missing from the package").toEqual([]);
  });

  it("ships no sources, tests, fixtures, snapshots or source maps", () => {
    const unwanted = files.filter((path) =>
      /^(src|test)\//.test(path) ||
      /\.test\.|\.map$|(^|\/)(\.scratch|fixtures|snapshots|node_modules)\//.test(path) ||
      (path.endsWith(".ts") && !path.endsWith(".d.ts")),
    );
    expect(unwanted).toEqual([]);
    expect(files.every((path) => path.startsWith("dist/") || ["package.json", "README.md", "LICENSE"].includes(path)), files.join("\n")).toBe(true);
  });

  it("ships the repository's LICENSE", async () => {
    expect(await readFile(join(RUNTIME_DIR, "LICENSE"), "utf8")).toBe(await readFile(join(REPO_ROOT, "LICENSE"), "utf8"));
  });
});
