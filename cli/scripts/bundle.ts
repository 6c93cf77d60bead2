// The build of the published create-agent-host (its `prepack`): bundles src/main.ts with rolldown into
// dist/ (edit commands in their own chunk, ts-morph external), bakes in versions and templates, copies templates/.
import { randomBytes } from "node:crypto";
import { cp, mkdir, rename, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { rolldown, type Plugin } from "rolldown";
import { bakedModuleSource } from "./_baked-module.ts";

const REPO_ROOT = resolve(import.meta.dirname, "..", "..");
const CLI_DIR = join(REPO_ROOT, "cli");
const GENERATORS = join(REPO_ROOT, "generators");

/** Modules of the checkout replaced in the bundle: the template compiler by the precompiled runtime path. */
const SWAPS = new Map([[join(GENERATORS, "_template.ts"), join(GENERATORS, "_template-precompiled.ts")]]);
const BAKED = join(GENERATORS, "_baked.ts");

/** Loaded only by add-channel / remove-channel (generators/host-edit.ts imports it on demand). */
const EXTERNAL = ["ts-morph"];

export interface BundleResult {
  /** Files written under `<packageDir>/dist`, e.g. `main.js`, `edit-main-<hash>.js`. */
  chunks: string[];
  /** Precompiled templates (paths relative to the package root). */
  templates: string[];
}

function bakePlugin(bakedSource: string): Plugin {
  return {
    name: "create-agent-host:bake",
    async resolveId(source, importer, options) {
      if (!source.startsWith(".") || importer === undefined) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      const swap = resolved && SWAPS.get(resolved.id);
      return swap ? { id: swap } : null;
    },
    load(id) {
      return id === BAKED ? { code: bakedSource, moduleType: "js" } : null;
    },
  };
}

/** Writes `<packageDir>/dist/` and `<packageDir>/templates/` (each replaced whole, built aside first). */
export async function bundleCli(packageDir: string = CLI_DIR): Promise<BundleResult> {
  const { source, templates } = await bakedModuleSource(REPO_ROOT);
  const stage = join(packageDir, `.build-${randomBytes(4).toString("hex")}`);
  try {
    const build = await rolldown({
      input: { main: join(CLI_DIR, "src", "main.ts") },
      platform: "node",
      external: EXTERNAL,
      plugins: [bakePlugin(source)],
      // main.js may export more than main/run, so the edit chunk imports shared code from it (no third chunk).
      preserveEntrySignatures: "allow-extension",
      logLevel: "warn",
    });
    // Chunks sit next to main.js: generators/repo.ts finds templates/ one folder above its module.
    const output = await build.write({ dir: join(stage, "dist"), format: "esm", entryFileNames: "[name].js", chunkFileNames: "[name]-[hash].js", minify: true });
    await build.close();
    await cp(join(REPO_ROOT, "templates"), join(stage, "templates"), { recursive: true });
    await mkdir(packageDir, { recursive: true });
    for (const folder of ["dist", "templates"]) await replaceFolder(join(stage, folder), join(packageDir, folder));
    return { chunks: output.output.map((file) => file.fileName).sort(), templates };
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

/** Moves `from` to `to`, replacing it; retried when a concurrent build put its own copy there first. */
async function replaceFolder(from: string, to: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await rm(to, { recursive: true, force: true });
    try {
      return await rename(from, to);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (attempt >= 5 || (code !== "ENOTEMPTY" && code !== "EEXIST")) throw error;
    }
  }
}

if (import.meta.main) {
  const target = process.argv[2] ? resolve(process.argv[2]) : CLI_DIR;
  const started = performance.now();
  const { chunks, templates } = await bundleCli(target);
  // stderr: `npm pack --json` passes a prepack script's stdout through into its JSON.
  console.error(`create-agent-host: bundled ${chunks.join(", ")} and ${templates.length} precompiled templates into ${target} in ${Math.round(performance.now() - started)} ms`);
}
