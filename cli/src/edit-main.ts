// Entry of the subcommands that edit an existing project: parse their flags, answer --help, then run
// add-channel / remove-channel (edit-command.ts) or diff (diff-command.ts).
import { exitCodeOf } from "./_errors.ts";
import type { Io } from "./_io.ts";
import { runDiffCommand } from "./diff-command.ts";
import { runChannelCommand } from "./edit-command.ts";
import { type EditCommand, type EditFlags, parseEditFlags } from "./edit-flags.ts";
import { editHelpText } from "./edit-help.ts";

export async function runEditCommand(command: EditCommand, argv: string[], io: Io): Promise<number> {
  let flags: EditFlags;
  try {
    flags = parseEditFlags(command, argv);
  } catch (error) {
    // Same result shape as every other outcome of these commands: a failure with its exit code (2).
    const [message, exitCode] = [(error as Error).message, exitCodeOf(error)];
    io.stderr.write(`\n${message}\n`);
    if (argv.includes("--json")) io.stdout.write(`${JSON.stringify({ command, status: "failure", exitCode, message }, null, 2)}\n`);
    return exitCode;
  }
  if (flags.help) {
    io.stdout.write(editHelpText(command));
    return 0;
  }
  if (flags.command === "diff") return runDiffCommand(flags, io);
  return runChannelCommand({ ...flags, command: flags.command }, io);
}
