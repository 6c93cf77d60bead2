// Every package a generated file imports is declared in that project's package.json: the compile and
// pairwise checks resolve packages from this repository's install, so they would not notice a missing one.
import { builtinModules } from "node:module";
import { describe, expect, it } from "vitest";
import { CHANNEL_IDS, STORAGE_IDS, AUTH_IDS, MODEL_IDS } from "../catalog.ts";
import { generateProject } from "../project.ts";
import type { Answers } from "../answers.ts";

/** The package a bare specifier names: "@scope/name/sub" → "@scope/name", "hono/streaming" → "hono". */
function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] as string);
}

function importedPackages(source: string): string[] {
  const specifiers = [...source.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] ?? m[2] ?? "");
  return specifiers.filter((s) => !s.startsWith(".") && !s.startsWith("node:") && !builtinModules.includes(s)).map(packageOf);
}

const text = (content: string | Uint8Array) => (typeof content === "string" ? content : new TextDecoder().decode(content));

const cases: Answers[] = [
  ...CHANNEL_IDS.map((channel): Answers => ({ name: "deps", target: "agent", model: "none", channels: [channel], auth: "open", storage: "memory" })),
  ...MODEL_IDS.map((model): Answers => ({ name: "deps", target: "agent", model, channels: ["responses"], auth: "open", storage: "memory" })),
  ...STORAGE_IDS.map((storage): Answers => ({ name: "deps", target: "workflow", model: "none", channels: ["invocations"], auth: "open", storage })),
  ...AUTH_IDS.map((auth): Answers => ({ name: "deps", target: "agent", model: "none", channels: ["responses"], auth, storage: "file" })),
];

describe("generated package.json", () => {
  it.each(cases.map((answers) => [`${answers.channels.join("+")} ${answers.target}/${answers.model} ${answers.auth} ${answers.storage}`, answers] as const))(
    "declares every package %s imports",
    async (_label, answers) => {
      const files = await generateProject(answers);
      const pkg = JSON.parse(text(files.find((file) => file.path === "package.json")?.content ?? "{}")) as Record<string, Record<string, string> | undefined>;
      const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]);
      const missing = new Set<string>();
      for (const file of files.filter((f) => /\.(ts|mts|js)$/.test(f.path) && !f.path.startsWith("vendor/"))) {
        for (const name of importedPackages(text(file.content))) if (!declared.has(name)) missing.add(`${name} (in ${file.path})`);
      }
      expect([...missing]).toEqual([]);
    },
  );
});
