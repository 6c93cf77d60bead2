// What an add-channel / remove-channel run shows and returns: the changed files as a tree (+ ~ - !),
// each changed file's diff in a box, warnings, next steps, and the --json result.
import { box, log, note } from "@clack/prompts";
import type { Writable } from "node:stream";
import type { EditPlan } from "../../generators/edit-project.ts";
import { unifiedDiff } from "./_diff.ts";
import { renderTree } from "./_tree.ts";
import type { EditCommand } from "./edit-flags.ts";
import { type PackageManager, pmCommandLine } from "./pm.ts";

export type EditStatus = "none" | "updated" | "cancelled" | "failure";

export interface EditResult {
  command: EditCommand;
  status: EditStatus;
  exitCode: number;
  message: string;
  /** Absolute path of the project (absent when the run failed before finding it). */
  dir?: string;
  dryRun?: boolean;
  /** Whether the files were written. */
  written?: boolean;
  channels?: { before: string[]; after: string[]; added: string[]; removed: string[] };
  files?: Array<{ path: string; action: "create" | "update" | "delete"; merged: boolean; diff?: string[] }>;
  kept?: Array<{ path: string; reason: string }>;
  notes?: string[];
  env?: { added: string[]; removed: string[] };
  packages?: { added: string[]; removed: string[] };
  nextSteps?: string[];
}

const MARK = { create: "+ ", update: "~ ", delete: "- " } as const;
/** Files whose diff is not shown: `.env` holds the user's secrets, agent-host.json only hashes. */
const NO_DIFF = new Set([".env", "agent-host.json"]);

function diffOf(file: EditPlan["files"][number]): string[] | undefined {
  if (file.action !== "update" || NO_DIFF.has(file.path) || typeof file.before !== "string" || typeof file.after !== "string") return undefined;
  return unifiedDiff(file.before, file.after, file.path);
}

const listed = (ids: readonly string[]) => (ids.length <= 1 ? (ids[0] ?? "") : `${ids.slice(0, -1).join(", ")} and ${ids.at(-1)}`);

/** "Added telegram: 9 new, 6 changed files." (or "Would add …" for a dry run). */
export function summaryLine(plan: EditPlan, written: boolean): string {
  const verbs = [
    ...(plan.added.length > 0 ? [`${written ? "added" : "would add"} ${listed(plan.added)}`] : []),
    ...(plan.removed.length > 0 ? [`${written ? "removed" : "would remove"} ${listed(plan.removed)}`] : []),
  ].join(" and ");
  const count = (action: string, label: string) => {
    const n = plan.files.filter((file) => file.action === action).length;
    return n > 0 ? [`${n} ${label}`] : [];
  };
  const files = [...count("create", "new"), ...count("update", "changed"), ...count("delete", "deleted")].join(", ");
  const kept = plan.kept.length > 0 ? ` ${plan.kept.length} kept as you have ${plan.kept.length === 1 ? "it" : "them"}.` : "";
  return `${verbs.charAt(0).toUpperCase()}${verbs.slice(1)}: ${files} files.${kept}`;
}

/** The tree of changed and kept files, with a legend. */
export function changeTree(plan: EditPlan): string[] {
  const marks = new Map<string, string>([...plan.files.map((file) => [file.path, MARK[file.action]] as const), ...plan.kept.map((kept) => [kept.path, "! "] as const)]);
  const legend = ["+ new", "~ changed", "- deleted", ...(plan.kept.length > 0 ? ["! kept as you have it"] : [])].join("   ");
  return [...renderTree([...marks.keys()], (path) => marks.get(path) ?? ""), "", legend];
}

/** Prints the plan: tree, one box per changed text file with its diff, kept files and notes. */
export function showPlan(plan: EditPlan, output: Writable, title: string): void {
  note(changeTree(plan).join("\n"), title, { output });
  for (const file of plan.files) {
    const diff = diffOf(file);
    if (diff && diff.length > 0) box(diff.slice(2).join("\n"), ` ${file.path}${file.merged ? " (merged into your edits)" : ""} `, { output, width: "auto", rounded: true });
  }
  for (const kept of plan.kept) log.warn(`${kept.path}: ${kept.reason}`, { output });
  for (const line of plan.notes) log.warn(line, { output });
}

/** What to run after writing: install when packages changed, the new settings, the tests. */
export function nextStepLines(plan: EditPlan, pm: PackageManager): string[] {
  const { added, removed } = plan.packages;
  const steps: string[] = [];
  if (added.length + removed.length > 0) {
    const what = [...(added.length > 0 ? [`adds ${added.join(", ")}`] : []), ...(removed.length > 0 ? [`removes ${removed.join(", ")}`] : [])].join("; ");
    steps.push(`${pmCommandLine(pm, "install")}   (${what})`);
  }
  if (plan.env.added.length > 0) steps.push(`Set ${plan.env.added.join(", ")} in .env (help in .env.example)`);
  steps.push(`${pmCommandLine(pm, "run", ["test"])}`);
  return steps;
}

export function planResult(command: EditCommand, plan: EditPlan, extra: Pick<EditResult, "status" | "exitCode" | "dir" | "dryRun" | "written" | "nextSteps" | "message">): EditResult {
  return {
    command,
    ...extra,
    channels: { before: plan.before.channels, after: plan.after.channels, added: plan.added, removed: plan.removed },
    files: plan.files.map((file) => ({ path: file.path, action: file.action, merged: file.merged, ...(diffOf(file) ? { diff: diffOf(file) } : {}) })),
    kept: plan.kept,
    notes: plan.notes,
    env: plan.env,
    packages: plan.packages,
  };
}
