// From flags to a complete plan: defaults with --yes, prompts at a terminal, and otherwise a fast
// exit 2 naming the missing flags; the project directory must be empty unless --force or --dry-run.
import type { Writable } from "node:stream";
import { answersSchema, normalizeAnswers } from "../../generators/answers.ts";
import { CliError, UsageError } from "./_errors.ts";
import type { Io } from "./_io.ts";
import type { Flags } from "./flags.ts";
import { insideGitRepo } from "./git.ts";
import { detectPackageManager, packageManagerFor } from "./pm.ts";
import { askSettings } from "./prompts.ts";
import { type Settings, givenSettings, openQuestions, withDefaults } from "./settings.ts";
import { missingAnswersMessage, oneLineCommand } from "./suggest.ts";
import type { Plan } from "./summary.ts";
import { isEmptyDir, notEmptyMessage, packageNameFor, resolveTargetDir } from "./target-dir.ts";

export interface PlanContext {
  io: Io;
  interactive: boolean;
  /** Where prompts render (stderr under --json). */
  output: Writable;
  fromRepo: boolean;
}

async function checkEmpty(flags: Flags, cwd: string, dir: string): Promise<void> {
  const target = resolveTargetDir(cwd, dir);
  if (!flags.force && !flags.dryRun && !(await isEmptyDir(target.path))) throw new CliError(notEmptyMessage(target));
}

async function resolveSettings(flags: Flags, ctx: PlanContext, detectedPm: Settings["pm"]): Promise<Settings> {
  const { io } = ctx;
  const given = givenSettings(flags);
  // Refuse a non-empty directory before asking anything else.
  if (given.dir !== undefined) await checkEmpty(flags, io.cwd, given.dir);
  if (ctx.interactive) {
    const insideRepo = (dir: string) => insideGitRepo(dir, io.env);
    return askSettings(given, { input: io.stdin, output: ctx.output, cwd: io.cwd, allowNonEmpty: flags.force || flags.dryRun, detectedPm, insideRepo });
  }
  const settings = withDefaults(given, detectedPm);
  if (!flags.yes) {
    const insideRepo = await insideGitRepo(resolveTargetDir(io.cwd, settings.dir).path, io.env);
    const open = openQuestions(given, insideRepo);
    if (open.length > 0) throw new UsageError(missingAnswersMessage(open, oneLineCommand(settings, ctx.fromRepo)));
  }
  if (given.dir === undefined) await checkEmpty(flags, io.cwd, settings.dir);
  return settings;
}

export async function resolvePlan(flags: Flags, ctx: PlanContext): Promise<Plan> {
  const detected = await detectPackageManager(ctx.io.env, ctx.io.cwd);
  const settings = await resolveSettings(flags, ctx, detected.name);
  const target = resolveTargetDir(ctx.io.cwd, settings.dir);
  const parsed = answersSchema.safeParse({ name: packageNameFor(target.path), ...settings });
  if (!parsed.success) throw new UsageError(`Invalid answers: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
  // Only git init cares (no child process for --no-git).
  const insideRepo = settings.git ? await insideGitRepo(target.path, ctx.io.env) : false;
  return {
    target,
    answers: normalizeAnswers(parsed.data),
    pm: packageManagerFor(settings.pm, detected),
    install: settings.install,
    git: settings.git,
    insideRepo,
  };
}
