// The summary shown before anything is written (and in --dry-run): one line per answer, titles from
// the catalog, plus where the files go and what happens after writing.
import type { Answers } from "../../generators/answers.ts";
import { catalog } from "../../generators/catalog.ts";
import { choices, titles, usesModel } from "./choices.ts";
import type { PackageManager } from "./pm.ts";
import { pmCommandLine } from "./pm.ts";
import type { TargetDir } from "./target-dir.ts";

export interface Plan {
  target: TargetDir;
  answers: Answers;
  pm: PackageManager;
  install: boolean;
  /** git init was asked for (it is still skipped inside an existing repository). */
  git: boolean;
  /** The project lands inside an existing git repository. */
  insideRepo: boolean;
}

/** Whether git init will run. */
export function willInitGit(plan: Plan): boolean {
  return plan.git && !plan.insideRepo;
}

function gitLine(plan: Plan): string {
  if (plan.git && plan.insideRepo) return "no (inside an existing git repository)";
  return plan.git ? "yes (git init + initial commit)" : "no";
}

export function summaryLines(plan: Plan): string[] {
  const { answers } = plan;
  const rows: [string, string][] = [
    ["Directory", plan.target.display],
    ["Package", answers.name],
    ["Target", catalog.targets[answers.target].title],
  ];
  if (usesModel(answers.target)) rows.push(["Model", catalog.models[answers.model].title]);
  rows.push(
    ["Channels", titles(choices.channels, answers.channels)],
    ["Auth", catalog.authProfiles[answers.auth].title],
    ["Storage", catalog.storages[answers.storage].title],
    ["Install", plan.install ? `yes (${pmCommandLine(plan.pm, "install")})` : `no (package manager: ${plan.pm.name})`],
    ["Git", gitLine(plan)],
  );
  return rows.map(([label, value]) => `${label.padEnd(10)} ${value}`);
}
