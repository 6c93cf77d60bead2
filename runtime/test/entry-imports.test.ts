// Which packages each entry point loads at runtime: the static import graph of runtime/src from each
// "exports" entry (`import type` / `export type` are erased, so they do not count). Optional peers stay behind their subpath.
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { Node, Project, SyntaxKind, type SourceFile } from "ts-morph";
import { describe, expect, it } from "vitest";
import { entryPoints, RUNTIME_DIR } from "../../scripts/_api-report.ts";

/** The bare packages each entry point may load when imported (node: builtins aside). */
const EXPECTED: Record<string, string[]> = {
  "agent-host": ["@hono/node-server", "hono"],
  "agent-host/testing": ["@hono/node-server", "hono", "vitest"],
  "agent-host/ai-sdk": ["ai"],
  "agent-host/entra": ["@azure/msal-node", "hono"],
  "agent-host/sqlite": [],
  "agent-host/postgres": ["pg"],
  "agent-host/redis": ["ioredis"],
  "agent-host/bullmq": ["bullmq", "ioredis"],
};

/** Packages loaded only when a function runs (`await import("…")`), per entry point: `ws` only for hosts with WebSocket routes. */
const EXPECTED_LAZY: Record<string, string[]> = { "agent-host": ["ws"], "agent-host/testing": ["selfsigned", "ws"] };

const SRC = join(RUNTIME_DIR, "src");
const project = new Project({ tsConfigFilePath: join(RUNTIME_DIR, "tsconfig.build.json"), skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true });

/** "@scope/name/sub" → "@scope/name", "hono/ws" → "hono". */
function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return (specifier.startsWith("@") ? parts.slice(0, 2) : parts.slice(0, 1)).join("/");
}

/** The module specifiers a file loads when it is imported, and those it imports lazily. */
function runtimeSpecifiers(file: SourceFile): { eager: string[]; lazy: string[] } {
  const eager = [
    ...file.getImportDeclarations().filter((declaration) => !declaration.isTypeOnly()),
    ...file.getExportDeclarations().filter((declaration) => !declaration.isTypeOnly() && declaration.hasModuleSpecifier()),
  ].map((declaration) => declaration.getModuleSpecifierValue() as string);
  const lazy = file
    .getDescendantsOfKind(SyntaxKind.CallExpression)
    .filter((call) => call.getExpression().getKind() === SyntaxKind.ImportKeyword)
    .flatMap((call) => call.getArguments().filter(Node.isStringLiteral).map((literal) => literal.getLiteralValue()));
  return { eager, lazy };
}

interface Reach {
  /** Bare package → the chain of src files that first loads it. */
  packages: Map<string, string[]>;
  lazy: Map<string, string[]>;
  builtins: Set<string>;
}

function walk(entry: string): Reach {
  const reach: Reach = { packages: new Map(), lazy: new Map(), builtins: new Set() };
  const chains = new Map<string, string[]>([[entry, [relative(SRC, entry)]]]);
  const queue = [entry];
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    const chain = chains.get(path) as string[];
    const { eager, lazy } = runtimeSpecifiers(project.addSourceFileAtPath(path));
    for (const specifier of eager) {
      if (specifier.startsWith(".")) {
        const next = resolve(dirname(path), specifier);
        if (!chains.has(next)) {
          chains.set(next, [...chain, relative(SRC, next)]);
          queue.push(next);
        }
      } else if (specifier.startsWith("node:") || builtinModules.includes(specifier)) {
        reach.builtins.add(specifier);
      } else if (!reach.packages.has(packageOf(specifier))) {
        reach.packages.set(packageOf(specifier), chain);
      }
    }
    for (const specifier of lazy.filter((s) => !s.startsWith("."))) if (!reach.lazy.has(packageOf(specifier))) reach.lazy.set(packageOf(specifier), chain);
  }
  return reach;
}

const describeChains = (packages: Map<string, string[]>, names: string[]) => names.map((name) => `${name} (via ${packages.get(name)?.join(" → ")})`).join(", ");

describe("entry points load only their own packages", async () => {
  const entries = await entryPoints();

  it("every entry point in runtime/package.json has an expectation here", () => {
    expect(entries.map((entry) => entry.specifier).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(entries.map((entry) => [entry.specifier, entry] as const))("%s", (specifier, entry) => {
    const reach = walk(entry.source);
    const loaded = [...reach.packages.keys()].sort();
    const expected = EXPECTED[specifier] ?? [];
    const unexpected = loaded.filter((name) => !expected.includes(name));
    expect(unexpected, `${specifier} loads ${describeChains(reach.packages, unexpected)}: use \`import type\`, or move it behind its own subpath`).toEqual([]);
    expect(loaded).toEqual(expected);
    expect([...reach.lazy.keys()].sort(), `${specifier} imports lazily ${describeChains(reach.lazy, [...reach.lazy.keys()])}`).toEqual(EXPECTED_LAZY[specifier] ?? []);
    expect([...reach.builtins].filter((name) => !name.startsWith("node:")), "import Node builtins with the node: prefix").toEqual([]);
  });
});
