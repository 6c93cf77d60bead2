// The CLI entry: parse flags, answer --help/--version, run the scaffolder, and turn every error into
// a message and an exit code (0 ok, 1 failed, 2 usage, 130 cancelled). Nothing here calls process.exit.
import { cancel } from "@clack/prompts";
import process from "node:process";
import { CancelledError, EXIT, exitCodeOf, UsageError, CliError } from "./_errors.ts";
import { type Io, processIo, writeLines } from "./_io.ts";
import { create } from "./create.ts";
import { type EditCommand, isEditCommand } from "./edit-flags.ts";
import { repoRootOfCli } from "./files.ts";
import { type Flags, parseFlags } from "./flags.ts";
import { cliVersion, helpText } from "./help.ts";
import { printJson } from "./result.ts";
import { startUpdateCheck } from "./update-check.ts";

export type { Io } from "./_io.ts";

function report(error: unknown, io: Io, json: boolean): number {
  const exitCode = exitCodeOf(error);
  const known = error instanceof UsageError || error instanceof CliError || error instanceof CancelledError;
  const message = error instanceof Error ? error.message : String(error);
  if (json) printJson(io.stdout, { status: error instanceof CancelledError ? "cancelled" : "error", exitCode, message });
  if (error instanceof CancelledError) cancel(message, { output: json ? io.stderr : io.stdout });
  else if (known) writeLines(io.stderr, `\n${message}`);
  // An unexpected error is a bug: keep the stack for the report.
  else writeLines(io.stderr, `\ncreate-agent-host failed unexpectedly: ${error instanceof Error ? (error.stack ?? message) : message}`);
  return exitCode;
}

/** add-channel, remove-channel, diff: loaded on demand, so creating a project never loads ts-morph. */
async function editCommand(command: EditCommand, argv: string[], io: Io, json: boolean): Promise<number> {
  const { runEditCommand } = await import("./edit-main.ts");
  try {
    return await runEditCommand(command, argv, io);
  } catch (error) {
    return report(error, io, json);
  }
}

/** Runs the CLI with `argv` (without node and script paths); resolves to the exit code. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const json = argv.includes("--json");
  if (isEditCommand(argv[0])) return editCommand(argv[0], argv.slice(1), io, json);
  try {
    const flags = parseFlags(argv);
    if (flags.help) {
      io.stdout.write(helpText());
      return EXIT.ok;
    }
    if (flags.version) {
      writeLines(io.stdout, cliVersion());
      return EXIT.ok;
    }
    return await createWithUpdateNotice(flags, io, json);
  } catch (error) {
    return report(error, io, json);
  }
}

/** Creates the project while the registry is asked for a newer CLI; its line comes last, if it came in time. */
async function createWithUpdateNotice(flags: Flags, io: Io, json: boolean): Promise<number> {
  const notice = startUpdateCheck(io, { current: cliVersion(), fromCheckout: repoRootOfCli() !== undefined });
  try {
    return await create(flags, io);
  } catch (error) {
    return report(error, io, json);
  } finally {
    const line = notice.take();
    if (line) writeLines(json ? io.stderr : io.stdout, line);
  }
}

/** Used by bin/create-agent-host.js. */
export async function run(): Promise<void> {
  const io = processIo();
  // `npm run create` (in this repository) runs from the repository root; INIT_CWD is where it was typed.
  if (io.env.npm_lifecycle_event === "create" && io.env.INIT_CWD) io.cwd = io.env.INIT_CWD;
  process.exitCode = await main(process.argv.slice(2), io);
}
