// The public API report of agent-host: one sorted `<kind> <name>` line per export of every entry point in
// runtime/package.json "exports", read from the src entry files with ts-morph. runtime/api/ holds the checked-in copy.
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Node, Project, type ExportedDeclarations } from "ts-morph";

export const REPO_ROOT = resolve(import.meta.dirname, "..");
export const RUNTIME_DIR = join(REPO_ROOT, "runtime");
export const API_DIR = join(RUNTIME_DIR, "api");

export interface EntryPoint {
  /** The import specifier: "agent-host", "agent-host/testing". */
  specifier: string;
  /** The source entry file (the `agent-host-source` condition), absolute. */
  source: string;
  /** Its report's file name under runtime/api/: agent-host-testing.api.txt. */
  report: string;
}

/** The entry points runtime/package.json exports, with their source files. */
export async function entryPoints(): Promise<EntryPoint[]> {
  const pkg = JSON.parse(await readFile(join(RUNTIME_DIR, "package.json"), "utf8")) as { name: string; exports: Record<string, Record<string, string>> };
  return Object.entries(pkg.exports).map(([subpath, conditions]) => {
    const specifier = subpath === "." ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
    const source = conditions["agent-host-source"];
    if (!source) throw new Error(`runtime/package.json exports "${subpath}" without an "agent-host-source" condition.`);
    return { specifier, source: join(RUNTIME_DIR, source), report: `${specifier.replace("/", "-")}.api.txt` };
  });
}

function kindOf(declaration: ExportedDeclarations): string {
  if (Node.isFunctionDeclaration(declaration)) return "function";
  if (Node.isClassDeclaration(declaration)) return "class";
  if (Node.isVariableDeclaration(declaration)) return declaration.getVariableStatement()?.getDeclarationKind() ?? "const";
  if (Node.isTypeAliasDeclaration(declaration)) return "type";
  if (Node.isInterfaceDeclaration(declaration)) return "interface";
  if (Node.isEnumDeclaration(declaration)) return "enum";
  if (Node.isModuleDeclaration(declaration)) return "namespace";
  return declaration.getKindName();
}

/** Each entry point's report lines, sorted. A value re-exported with `export type` counts as a type. */
export async function apiReports(): Promise<Map<EntryPoint, string[]>> {
  const project = new Project({ tsConfigFilePath: join(RUNTIME_DIR, "tsconfig.build.json"), skipAddingFilesFromTsConfig: true });
  const reports = new Map<EntryPoint, string[]>();
  for (const entry of await entryPoints()) {
    const file = project.addSourceFileAtPath(entry.source);
    const typeOnly = new Set<string>();
    for (const declaration of file.getExportDeclarations()) {
      for (const specifier of declaration.getNamedExports()) {
        if (declaration.isTypeOnly() || specifier.isTypeOnly()) typeOnly.add(specifier.getAliasNode()?.getText() ?? specifier.getName());
      }
    }
    const lines = new Set<string>();
    for (const [name, declarations] of file.getExportedDeclarations()) {
      for (const declaration of declarations) {
        const kind = kindOf(declaration);
        lines.add(`${typeOnly.has(name) && kind !== "interface" ? "type" : kind} ${name}`);
      }
    }
    reports.set(entry, [...lines].sort(byName));
  }
  return reports;
}

/** By name, case-insensitively, then by the whole line: the same order on every machine (no locale). */
function byName(a: string, b: string): number {
  const key = (line: string) => `${line.slice(line.indexOf(" ") + 1).toLowerCase()} ${line}`;
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

/** The text of a report file. */
export function reportText(lines: readonly string[]): string {
  return `${lines.join("\n")}\n`;
}
