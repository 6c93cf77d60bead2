// Shared helpers of the generator tests: the named answer sets, a file lookup, and scratch folders
// inside this repository (so node_modules resolution finds the repository's installed packages).
import { randomBytes } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Answers } from "../answers.ts";
import { REPO_ROOT } from "../repo.ts";
import type { GeneratedFile } from "../tree.ts";

export const minimal: Answers = { name: "minimal-agent", target: "agent", model: "none", channels: ["responses"], auth: "open", storage: "file" };
export const full: Answers = { name: "full-agent", target: "agent", model: "openai", channels: ["responses", "invocations"], auth: "open", storage: "file" };
export const workflow: Answers = { name: "topic-workflow", target: "workflow", model: "openai", channels: ["invocations", "responses"], auth: "open", storage: "memory" };

export function fileOf(files: readonly GeneratedFile[], path: string): string {
  const file = files.find((candidate) => candidate.path === path);
  if (!file) throw new Error(`${path} was not generated; got ${files.map((candidate) => candidate.path).join(", ")}`);
  if (typeof file.content !== "string") throw new Error(`${path} is binary`);
  return file.content;
}

/** A fresh folder under node_modules/.cache/create-agent-host/; remove it with the returned function. */
export async function scratchDir(prefix: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = join(REPO_ROOT, "node_modules", ".cache", "create-agent-host", `${prefix}-${randomBytes(4).toString("hex")}`);
  await mkdir(dir, { recursive: true });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
