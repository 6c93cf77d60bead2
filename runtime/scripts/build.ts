// `npm run build -w agent-host [-- --outDir <dir>]` (default runtime/dist): the .d.ts files from tsc, the JS
// of each "exports" entry bundled by rolldown, packages external, the root entry's modules in one shared chunk.
import { spawnSync } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { rolldown, type OutputChunk } from "rolldown";

const RUNTIME = resolve(import.meta.dirname, "..");
const outDir = resolve(parseArgs({ options: { outDir: { type: "string" } } }).values.outDir ?? join(RUNTIME, "dist"));

interface Manifest {
  exports: Record<string, { "agent-host-source": string; default: string }>;
  dependencies: Record<string, string>;
}
const manifest = JSON.parse(await readFile(join(RUNTIME, "package.json"), "utf8")) as Manifest;

/** Output name (dist path without .js) → source file, for every "exports" entry. */
const input: Record<string, string> = Object.fromEntries(
  Object.values(manifest.exports).map((target) => [target.default.replace(/^\.\/dist\//u, "").replace(/\.js$/u, ""), join(RUNTIME, target["agent-host-source"])]),
);
// _store-processes.ts (bundled into testing/index.js) spawns it by path: ./_store-child.js beside itself.
input["testing/_store-child"] = join(RUNTIME, "src", "testing", "_store-child.ts");

await rm(outDir, { recursive: true, force: true });

const tsc = join(dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin", "tsc");
const declarations = spawnSync(process.execPath, [tsc, "-p", join(RUNTIME, "tsconfig.build.json"), "--emitDeclarationOnly", "--outDir", outDir], { stdio: "inherit" });
if (declarations.status !== 0) process.exit(declarations.status ?? 1);

/** Everything `import "agent-host"` loads: one chunk, so starting a host reads two files, not sixty. */
async function rootModules(): Promise<Set<string>> {
  const build = await rolldown({ input: input.index, platform: "node", external: isPackage, logLevel: "warn" });
  const { output } = await build.generate({ format: "esm" });
  await build.close();
  return new Set(output.flatMap((item) => (item.type === "chunk" ? item.moduleIds : [])));
}

function isPackage(id: string): boolean {
  return !id.startsWith(".") && !id.startsWith("/") && !/^[A-Za-z]:[\\/]/u.test(id);
}

const root = await rootModules();
const build = await rolldown({ input, platform: "node", external: isPackage, logLevel: "warn" });
const { output } = await build.write({
  dir: outDir,
  format: "esm",
  entryFileNames: "[name].js",
  chunkFileNames: "_chunks/[name]-[hash].js",
  codeSplitting: { groups: [{ name: "host", test: (id) => root.has(id) }] },
});
await build.close();
check(output.filter((item): item is OutputChunk => item.type === "chunk"));

/** The invariants the layout relies on; runtime/test/entry-imports.test.ts checks the sources. */
function check(chunks: OutputChunk[]): void {
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const loaded = new Set<string>();
  const visit = (fileName: string) => {
    const chunk = byName.get(fileName);
    if (!chunk) return;
    for (const specifier of chunk.imports) {
      if (byName.has(specifier)) visit(specifier);
      else loaded.add(specifier);
    }
  };
  visit("index.js");
  const allowed = (specifier: string) => specifier.startsWith("node:") || Object.keys(manifest.dependencies).some((name) => specifier === name || specifier.startsWith(`${name}/`));
  const stray = [...loaded].filter((specifier) => !allowed(specifier));
  if (stray.length) throw new Error(`dist/index.js would load ${stray.join(", ")}: only runtime dependencies may load with "agent-host".`);
  const spawner = chunks.find((chunk) => chunk.moduleIds.some((id) => id.endsWith("_store-processes.ts")));
  if (spawner?.fileName !== "testing/index.js") throw new Error(`_store-processes.ts went to ${spawner?.fileName}; it must be in testing/index.js, beside testing/_store-child.js.`);
}
