// One run of the scaffolder after the flags are parsed: plan (flags, prompts or defaults) → confirm
// → generate → dry-run report, or write → install → git → next steps. Returns the exit code.
import { intro, log, outro } from "@clack/prompts";
import { existsSync } from "node:fs";
import type { Writable } from "node:stream";
import type { GeneratedFile } from "../../generators/tree.ts";
import { TargetNotEmptyError, writeProject } from "../../generators/write.ts";
import { CliError, EXIT } from "./_errors.ts";
import type { Io } from "./_io.ts";
import { isInteractive } from "./_tty.ts";
import { compareWithDisk, dryRunReport } from "./dry-run.ts";
import { projectFiles, repoRootOfCli } from "./files.ts";
import type { Flags } from "./flags.ts";
import { initGit } from "./git.ts";
import { cliVersion } from "./help.ts";
import { installDependencies } from "./install.ts";
import { nextSteps, nextStepsText } from "./next-steps.ts";
import { resolvePlan } from "./plan.ts";
import { pmCommandLine } from "./pm.ts";
import { confirmSummary } from "./prompts.ts";
import { printJson } from "./result.ts";
import { type Plan, summaryLines, willInitGit } from "./summary.ts";
import { existingEntries, notEmptyMessage } from "./target-dir.ts";

interface Run {
  flags: Flags;
  io: Io;
  /** Where human messages go: stdout, or stderr under --json. */
  ui: Writable;
  interactive: boolean;
}

function common(plan: Plan) {
  return { dir: plan.target.path, answers: plan.answers, packageManager: plan.pm.name };
}

async function dryRun(run: Run, plan: Plan, files: GeneratedFile[]): Promise<number> {
  const changes = await compareWithDisk(files, plan.target.path);
  const steps = nextSteps(plan, files, false);
  const install = { command: pmCommandLine(plan.pm, "install"), run: plan.install };
  if (run.flags.json) {
    printJson(run.io.stdout, { status: "dry-run", ...common(plan), files: changes, install, git: !plan.git ? "not-requested" : willInitGit(plan) ? "would-init" : "skipped-inside-repo", nextSteps: steps });
    return EXIT.ok;
  }
  const existing = await existingEntries(plan.target.path);
  const after = [
    ...(existing.length > 0 && !run.flags.force ? [`${plan.target.display} is not empty: writing into it needs --force.`] : []),
    ...(plan.install ? [`Would run ${install.command} in ${plan.target.display}`] : []),
    ...(willInitGit(plan) ? ["Would run git init"] : []),
  ];
  const report = [...summaryLines(plan), "", ...dryRunReport(changes, plan.target.display, existsSync(plan.target.path)), "", ...after, "Nothing was written (--dry-run)."];
  run.io.stdout.write(`${report.join("\n")}\n`);
  return EXIT.ok;
}

async function write(plan: Plan, files: GeneratedFile[], force: boolean): Promise<void> {
  try {
    await writeProject(files, plan.target.path, { force });
  } catch (error) {
    if (error instanceof TargetNotEmptyError) throw new CliError(notEmptyMessage(plan.target));
    throw error;
  }
}

async function createProject(run: Run, plan: Plan, files: GeneratedFile[]): Promise<number> {
  const { io, ui } = run;
  await write(plan, files, run.flags.force);
  log.success(`Created ${files.length} files in ${plan.target.display}`, { output: ui });
  const install = plan.install ? await installDependencies(plan.target.path, plan.pm, { output: ui, animate: run.interactive }, io.env) : undefined;
  if (install && !install.ok && install.output) log.message(install.output, { output: ui });
  const git = plan.git ? await initGit(plan.target.path, io.env) : undefined;
  if (git) log.info(git.message, { output: ui });
  const steps = nextSteps(plan, files, install?.ok ?? false);
  log.step(["Next steps:", ...nextStepsText(steps).map((line) => `  ${line}`)].join("\n"), { output: ui });
  const failed = install !== undefined && !install.ok;
  outro(failed ? `Written, but not installed: run ${install.command} in ${plan.target.display}.` : "Done.", { output: ui });
  if (run.flags.json) {
    const installResult = { command: pmCommandLine(plan.pm, "install"), run: install !== undefined, ...(install ? { ok: install.ok } : {}) };
    printJson(io.stdout, { status: "created", ...common(plan), files: files.map((file) => file.path), install: installResult, git: git?.status ?? "not-requested", nextSteps: steps });
  }
  return failed ? EXIT.failure : EXIT.ok;
}

export async function create(flags: Flags, io: Io): Promise<number> {
  const run: Run = { flags, io, ui: flags.json ? io.stderr : io.stdout, interactive: isInteractive(io, flags) };
  if (run.interactive) intro(`create-agent-host ${cliVersion()}`, { output: run.ui });
  const plan = await resolvePlan(flags, { io, interactive: run.interactive, output: run.ui, fromRepo: repoRootOfCli() !== undefined });
  if (run.interactive && !flags.dryRun) await confirmSummary(summaryLines(plan), { input: io.stdin, output: run.ui });
  const files = await projectFiles(plan.answers);
  return flags.dryRun ? dryRun(run, plan, files) : createProject(run, plan, files);
}
