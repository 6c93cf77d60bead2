// git init for a new project: skipped when the project lands inside an existing repository
// (checked from the nearest existing parent) or when git is missing; never fails the run.
import { existsSync } from "node:fs";
import path from "node:path";
import { exec } from "./_exec.ts";

export type GitStatus = "initialized" | "skipped-inside-repo" | "skipped" | "failed";

export interface GitResult {
  status: GitStatus;
  message: string;
}

function nearestExisting(dir: string): string {
  let current = dir;
  while (!existsSync(current) && path.dirname(current) !== current) current = path.dirname(current);
  return current;
}

/** Whether `dir` would be inside a git work tree (asked from its parent, which may not exist yet). */
export async function insideGitRepo(dir: string, env?: Record<string, string | undefined>): Promise<boolean> {
  const result = await exec("git", ["rev-parse", "--is-inside-work-tree"], { cwd: nearestExisting(path.dirname(dir)), env });
  return result.code === 0 && result.output.trim() === "true";
}

/** `git init`, then an initial commit when git knows who the user is (otherwise files stay staged). */
export async function initGit(dir: string, env?: Record<string, string | undefined>): Promise<GitResult> {
  if (await insideGitRepo(dir, env)) {
    return { status: "skipped-inside-repo", message: "Skipped git init: the project is inside an existing git repository." };
  }
  const init = await exec("git", ["init", "--quiet"], { cwd: dir, env });
  if (init.code === -1) return { status: "skipped", message: "Skipped git init: git is not installed." };
  if (init.code !== 0) return { status: "failed", message: `git init failed: ${init.output.trim()}` };
  const add = await exec("git", ["add", "--all"], { cwd: dir, env });
  if (add.code !== 0) return { status: "failed", message: `git add failed: ${add.output.trim()}` };
  const commit = await exec("git", ["commit", "--quiet", "--no-verify", "-m", "Initial commit from create-agent-host"], { cwd: dir, env });
  if (commit.code !== 0) {
    return { status: "initialized", message: "Initialized a git repository; the files are staged (no commit: set git user.name and user.email, then commit)." };
  }
  return { status: "initialized", message: "Initialized a git repository with an initial commit." };
}
