// The source of the module that replaces generators/_baked.ts in the published CLI's bundle: the two
// package versions and every `.hbs` wiring template precompiled (Handlebars.precompile, build time only).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import Handlebars from "handlebars";
import { COMPILE_OPTIONS } from "../../generators/_template-options.ts";
import { listFiles } from "../../generators/tree.ts";

async function versionOf(file: string): Promise<string> {
  const { version } = JSON.parse(await readFile(file, "utf8")) as { version?: unknown };
  if (typeof version !== "string" || version === "") throw new Error(`${file} has no "version".`);
  return version;
}

/** JavaScript for `export const baked = { runtimeVersion, cliVersion, templates: { "<path>": <spec> } }`. */
export async function bakedModuleSource(repoRoot: string): Promise<{ source: string; templates: string[] }> {
  const runtimeVersion = await versionOf(join(repoRoot, "runtime", "package.json"));
  const cliVersion = await versionOf(join(repoRoot, "cli", "package.json"));
  const templates = (await listFiles(join(repoRoot, "templates"))).filter((path) => path.endsWith(".hbs")).map((path) => `templates/${path}`);
  const specs = await Promise.all(
    templates.map(async (path) => {
      // precompile returns the spec as JavaScript source (typed as the spec object).
      const spec = Handlebars.precompile(await readFile(join(repoRoot, path), "utf8"), COMPILE_OPTIONS) as unknown as string;
      return `    ${JSON.stringify(path)}: ${spec},`;
    }),
  );
  const source = [
    "// Baked in by cli/scripts/bundle.ts: package versions and precompiled wiring templates.",
    "export const baked = {",
    `  runtimeVersion: ${JSON.stringify(runtimeVersion)},`,
    `  cliVersion: ${JSON.stringify(cliVersion)},`,
    "  templates: {",
    ...specs,
    "  },",
    "};",
    "",
  ].join("\n");
  return { source, templates };
}
