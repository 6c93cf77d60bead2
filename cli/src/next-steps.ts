// "Next steps" after creating a project: cd, install if skipped, the env vars of the chosen catalog
// entries (from .env.example), start and test — as commands for --json and as text for people.
import type { Answers } from "../../generators/answers.ts";
import { type EnvVar, catalog } from "../../generators/catalog.ts";
import type { GeneratedFile } from "../../generators/tree.ts";
import { usesModel } from "./choices.ts";
import { pmCommandLine } from "./pm.ts";
import type { Plan } from "./summary.ts";

export interface NextSteps {
  /** Commands to run in order, from the working directory. */
  commands: string[];
  /** The env vars of the chosen target, model, channels, auth profile and storage. */
  env: EnvVar[];
}

/** Env vars of the chosen catalog entries, in catalog order, each name once. */
export function chosenEnv(answers: Answers): EnvVar[] {
  const entries = [
    catalog.targets[answers.target],
    ...(usesModel(answers.target) ? [catalog.models[answers.model]] : []),
    ...answers.channels.map((id) => catalog.channels[id]),
    catalog.authProfiles[answers.auth],
    catalog.storages[answers.storage],
  ];
  const byName = new Map<string, EnvVar>();
  for (const env of entries.flatMap((entry) => entry.env)) if (!byName.has(env.name)) byName.set(env.name, env);
  return [...byName.values()];
}

function scriptsOf(files: GeneratedFile[]): Record<string, string> {
  const file = files.find((candidate) => candidate.path === "package.json");
  if (!file || typeof file.content !== "string") return {};
  return (JSON.parse(file.content) as { scripts?: Record<string, string> }).scripts ?? {};
}

export function nextSteps(plan: Plan, files: GeneratedFile[], installed: boolean): NextSteps {
  const scripts = scriptsOf(files);
  const commands: string[] = [];
  if (plan.target.display !== ".") commands.push(`cd ${plan.target.display}`);
  if (!installed) commands.push(pmCommandLine(plan.pm, "install"));
  if (files.some((file) => file.path === ".env.example")) commands.push("cp .env.example .env");
  const start = "dev" in scripts ? "dev" : "start";
  commands.push(pmCommandLine(plan.pm, "run", [start]), pmCommandLine(plan.pm, "run", ["test"]));
  return { commands, env: chosenEnv(plan.answers) };
}

/** The steps as text lines, with what each env var is for. */
export function nextStepsText(steps: NextSteps): string[] {
  const lines: string[] = [];
  for (const command of steps.commands) {
    lines.push(command);
    if (command.startsWith("cp .env.example") && steps.env.length > 0) {
      const width = Math.max(...steps.env.map((env) => env.name.length));
      const optional = steps.env.every((env) => !env.required);
      lines.push(`  then set in .env${optional ? " (all optional)" : ""}:`);
      for (const env of steps.env) lines.push(`    ${env.name.padEnd(width)}  ${env.required ? "(required) " : ""}${env.help}`);
    }
  }
  return lines;
}
