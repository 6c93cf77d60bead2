// The wizard: clack prompts for every answer the flags left open, then a summary to confirm. Every
// prompt gets the injected input/output streams; Ctrl-C at any prompt throws CancelledError.
import { confirm, isCancel, multiselect, note, select, text } from "@clack/prompts";
import { existsSync, readdirSync, statSync } from "node:fs";
import type { Readable, Writable } from "node:stream";
import { defaultAnswers } from "../../generators/answers.ts";
import { CancelledError } from "./_errors.ts";
import { type Choice, choices, usesModel } from "./choices.ts";
import { PM_NAMES, type PmName } from "./pm.ts";
import type { Settings } from "./settings.ts";
import { DEFAULT_DIR, notEmptyMessage, resolveTargetDir } from "./target-dir.ts";

export interface PromptContext {
  input: Readable;
  output: Writable;
  cwd: string;
  /** --force or --dry-run: a non-empty directory is acceptable. */
  allowNonEmpty: boolean;
  detectedPm: PmName;
  insideRepo(dir: string): Promise<boolean>;
}

/** The prompt's value; Ctrl-C (clack's cancel symbol) ends the run with nothing written. */
function answered<T>(value: T): Exclude<T, symbol> {
  if (isCancel(value)) throw new CancelledError();
  return value as Exclude<T, symbol>;
}

const options = <Id extends string>(list: readonly Choice<Id>[]) => list.map((choice) => ({ value: choice.id, label: choice.title, hint: choice.hint }));

function dirProblem(ctx: PromptContext, value: string | undefined): string | undefined {
  const target = resolveTargetDir(ctx.cwd, value?.trim() || DEFAULT_DIR);
  if (!existsSync(target.path) || ctx.allowNonEmpty) return undefined;
  if (!statSync(target.path).isDirectory()) return `${target.display} is a file: choose a directory.`;
  return readdirSync(target.path).length > 0 ? notEmptyMessage(target) : undefined;
}

/** Asks for every setting not in `given`, in the order of the issue; returns them all. */
export async function askSettings(given: Partial<Settings>, ctx: PromptContext): Promise<Settings> {
  const io = { input: ctx.input, output: ctx.output };
  const dir = given.dir ?? answered(await text({ ...io, message: "Project directory", placeholder: DEFAULT_DIR, defaultValue: DEFAULT_DIR, validate: (value) => dirProblem(ctx, value) })).trim();
  const target = given.target ?? answered(await select({ ...io, message: "What does the project host?", options: options(choices.target), initialValue: defaultAnswers.target }));
  const model = usesModel(target)
    ? (given.model ?? answered(await select({ ...io, message: "Which model answers?", options: options(choices.model), initialValue: defaultAnswers.model })))
    : "none";
  const channels =
    given.channels ??
    answered(await multiselect({ ...io, message: "Channels (space to toggle, enter to confirm)", options: options(choices.channels), initialValues: defaultAnswers.channels, required: true }));
  const auth = given.auth ?? (choices.auth.length === 1 ? choices.auth[0]!.id : answered(await select({ ...io, message: "Auth profile", options: options(choices.auth), initialValue: defaultAnswers.auth })));
  const storage = given.storage ?? answered(await select({ ...io, message: "Where does the host keep its state?", options: options(choices.storage), initialValue: defaultAnswers.storage }));
  const pm = given.pm ?? answered(await select({ ...io, message: "Package manager", options: PM_NAMES.map((name) => ({ value: name, label: name })), initialValue: ctx.detectedPm }));
  const install = given.install ?? answered(await confirm({ ...io, message: `Install dependencies now with ${pm}?`, initialValue: true }));
  const insideRepo = await ctx.insideRepo(resolveTargetDir(ctx.cwd, dir).path);
  // Inside an existing repository git init is skipped anyway: no question.
  const git = given.git ?? (insideRepo || answered(await confirm({ ...io, message: "Initialize a git repository?", initialValue: true })));
  return { dir, target, model, channels, auth, storage, pm, install, git };
}

/** Shows the summary and asks to go on; declining cancels the run. */
export async function confirmSummary(lines: string[], ctx: Pick<PromptContext, "input" | "output">): Promise<void> {
  note(lines.join("\n"), "Summary", { output: ctx.output });
  const ok = answered(await confirm({ input: ctx.input, output: ctx.output, message: "Create the project?", initialValue: true }));
  if (!ok) throw new CancelledError();
}
