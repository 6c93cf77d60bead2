// Text helpers for the wiring templates: README fragments nested under a section, `.env.example`
// lines, TypeScript literals, file summaries from module comments. Pure except for reading files.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { readCopySource } from "./_read-copy.ts";
import type { EnvVar } from "./catalog.ts";
import { comparePaths } from "./tree.ts";

/** "a", "a and b", "a, b and c": the same on every machine (unlike Intl.ListFormat, which follows ICU data). */
export function joinWords(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

/** The `.env.example` line: secrets and unset values stay empty; optional settings without a default are commented out. */
export function envAssignment(envVar: EnvVar): string {
  const line = `${envVar.name}=${envVar.secret ? "" : (envVar.example ?? "")}`;
  return envVar.required || envVar.secret || envVar.example !== undefined ? line : `# ${line}`;
}

/** The `.env.example` comment above a setting: its help, then whether it is required or secret. */
export function envComment(envVar: EnvVar): string {
  return `# ${envVar.help}${envVar.required ? " (required)" : ""}${envVar.secret ? " (secret)" : ""}`;
}

/** A TypeScript object literal in the project's style: `{ model: "agent", input: "Hello!" }`. */
export function objectLiteral(value: Record<string, unknown>): string {
  const entries = Object.entries(value).map(([key, item]) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}: ${JSON.stringify(item)}`);
  return entries.length > 0 ? `{ ${entries.join(", ")} }` : "{}";
}

/** A README fragment, its headings nested under the generated README's sections. */
export async function readFragment(repoRoot: string, path: string): Promise<string> {
  try {
    return demoteHeadings((await readFile(join(repoRoot, path), "utf8")).trim(), 2);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    throw new Error(`The README fragment ${path} is missing; the catalog points at it. Add the file or fix the catalog entry.`);
  }
}

/** Markdown headings one or more levels deeper (outside code fences), so fragments nest under a section. */
export function demoteHeadings(markdown: string, levels: number): string {
  let fenced = false;
  return markdown
    .split("\n")
    .map((line) => {
      if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
      return !fenced && /^#{1,6}\s/.test(line) ? "#".repeat(levels) + line : line;
    })
    .join("\n");
}

/** Each file with its module comment (the `//` lines it starts with) as a one-line summary. */
export async function summarize(copies: ReadonlyArray<{ from: string; to: string }>) {
  // All read at once (the copy reuses each read, see _read-copy.ts).
  const files = await Promise.all(
    copies.map(async (copy) => {
      const lines = (await readCopySource(copy)).toString("utf8").split("\n");
      const end = lines.findIndex((line) => !line.startsWith("//"));
      const comment = lines.slice(0, end === -1 ? lines.length : end).map((line) => line.replace(/^\/\/\s?/, "").trim());
      return { path: copy.to, summary: comment.join(" ").trim().replaceAll("|", "\\|") };
    }),
  );
  return files.sort((a, b) => comparePaths(a.path, b.path));
}
