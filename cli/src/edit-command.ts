// add-channel and remove-channel: find the project, plan the change (generators/edit-project.ts),
// show it, ask (or --yes, or --dry-run), write all or nothing. Every run ends none | updated |
// cancelled | failure, printed for people or as one --json object.
import { confirm, intro, isCancel, log, multiselect, outro } from "@clack/prompts";
import type { Writable } from "node:stream";
import type { ChannelId } from "../../generators/catalog.ts";
import { planChannelEdit, type EditPlan } from "../../generators/edit-project.ts";
import { diskReader } from "../../generators/project-reader.ts";
import { applyChanges } from "../../generators/write-changes.ts";
import { CancelledError, EXIT, exitCodeOf, UsageError } from "./_errors.ts";
import type { Io } from "./_io.ts";
import { isInteractive } from "./_tty.ts";
import { choices, describeChoices } from "./choices.ts";
import type { EditFlags } from "./edit-flags.ts";
import { type EditResult, nextStepLines, planResult, showPlan, summaryLine } from "./edit-report.ts";
import { commandLine, findProject, readAnswers } from "./edit-project-dir.ts";
import { detectPackageManager } from "./pm.ts";

type ChannelCommand = "add-channel" | "remove-channel";

interface Run {
  flags: EditFlags & { command: ChannelCommand };
  io: Io;
  ui: Writable;
  interactive: boolean;
}

function print(run: Run, result: EditResult): number {
  if (run.flags.json) run.io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return result.exitCode;
}

/** The channels to add or remove, asked for at a terminal when none were given. */
async function askIds(run: Run, inProject: readonly ChannelId[]): Promise<ChannelId[]> {
  const adding = run.flags.command === "add-channel";
  const offered = choices.channels.filter((choice) => inProject.includes(choice.id) !== adding);
  if (offered.length === 0) return [];
  const picked = await multiselect({
    input: run.io.stdin,
    output: run.ui,
    message: adding ? "Channels to add (space to toggle, enter to confirm)" : "Channels to remove (space to toggle, enter to confirm)",
    options: offered.map((choice) => ({ value: choice.id, label: choice.title, hint: choice.hint })),
    required: true,
  });
  if (isCancel(picked)) throw new CancelledError();
  return picked;
}

function missingIdsMessage(command: ChannelCommand): string {
  return [`${command} needs one or more channel ids, and there is no terminal to ask. Valid channel ids:`, ...describeChoices(choices.channels)].join("\n");
}

async function execute(run: Run, dir: string, plan: EditPlan): Promise<number> {
  const { flags, ui } = run;
  const base = { dir, dryRun: flags.dryRun };
  if (plan.status !== "updated") {
    const failed = plan.status === "failure";
    if (failed) log.error(plan.message, { output: run.io.stderr });
    else log.info(plan.message, { output: ui });
    return print(run, planResult(flags.command, plan, { ...base, status: plan.status, exitCode: failed ? EXIT.failure : EXIT.ok, written: false, message: plan.message }));
  }
  showPlan(plan, ui, flags.command === "add-channel" ? `Adding ${plan.added.join(", ")}` : `Removing ${plan.removed.join(", ")}`);
  if (flags.dryRun) {
    const message = `${summaryLine(plan, false)} Nothing was written (--dry-run).`;
    log.info(message, { output: ui });
    return print(run, planResult(flags.command, plan, { ...base, status: "updated", exitCode: EXIT.ok, written: false, message }));
  }
  if (run.interactive) {
    const ok = await confirm({ input: run.io.stdin, output: ui, message: "Apply these changes?", initialValue: true });
    if (isCancel(ok) || !ok) throw new CancelledError();
  }
  await applyChanges(
    dir,
    plan.files.map((file) => ({ path: file.path, content: file.action === "delete" ? null : file.after!, expected: file.before })),
  );
  const steps = nextStepLines(plan, await detectPackageManager(run.io.env, dir));
  const message = summaryLine(plan, true);
  log.success(message, { output: ui });
  log.step(["Next steps:", ...steps.map((step) => `  ${step}`)].join("\n"), { output: ui });
  outro("Done.", { output: ui });
  return print(run, planResult(flags.command, plan, { ...base, status: "updated", exitCode: EXIT.ok, written: true, nextSteps: steps, message }));
}

export async function runChannelCommand(flags: EditFlags & { command: ChannelCommand }, io: Io): Promise<number> {
  const run: Run = { flags, io, ui: flags.json ? io.stderr : io.stdout, interactive: isInteractive(io, flags) };
  try {
    if (flags.ids.length === 0 && !run.interactive) throw new UsageError(missingIdsMessage(flags.command));
    if (!run.interactive && !flags.yes && !flags.dryRun) {
      const command = await commandLine(io, [flags.command, ...flags.ids, ...(flags.dir ? ["--dir", flags.dir] : []), ...(flags.force ? ["--force"] : []), "--yes"]);
      throw new UsageError(
        [`${flags.command} shows the changes and asks before writing, and there is no terminal to ask (stdin is not a TTY, --json, or a coding agent runs this).`, "Add --yes to write them (or --dry-run to only see them):", `  ${command}`].join("\n"),
      );
    }
    const dir = await findProject(io.cwd, flags.dir);
    if (run.interactive) intro(`create-agent-host ${flags.command}`, { output: run.ui });
    const ids = flags.ids.length > 0 ? flags.ids : await askIds(run, (await readAnswers(dir)).channels);
    const force = flags.force;
    const plan = await planChannelEdit(diskReader(dir), flags.command === "add-channel" ? { add: ids, force } : { remove: ids, force });
    return await execute(run, dir, plan);
  } catch (error) {
    const cancelled = error instanceof CancelledError;
    const message = error instanceof Error ? error.message : String(error);
    const exitCode = exitCodeOf(error);
    if (cancelled) log.warn(message, { output: run.ui });
    else run.io.stderr.write(`\n${message}\n`);
    return print(run, { command: flags.command, status: cancelled ? "cancelled" : "failure", exitCode, message });
  }
}
