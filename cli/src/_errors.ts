// Errors that end a run with a known exit code and a message that says what to do; `main` turns
// them into output and an exit code, nothing deeper calls process.exit.

/** Exit codes of the CLI. */
export const EXIT = { ok: 0, failure: 1, usage: 2, cancelled: 130 } as const;

/** A wrong or missing flag or argument: exit 2. */
export class UsageError extends Error {
  readonly exitCode: number = EXIT.usage;
  override name = "UsageError";
}

/** The run cannot go on (target not empty, install failed …): exit 1. */
export class CliError extends Error {
  readonly exitCode: number = EXIT.failure;
  override name = "CliError";
}

/** The user pressed Ctrl-C at a prompt or declined the summary: exit 130, nothing written. */
export class CancelledError extends Error {
  readonly exitCode: number = EXIT.cancelled;
  override name = "CancelledError";
  constructor(message = "Cancelled. Nothing was written.") {
    super(message);
  }
}

export function exitCodeOf(error: unknown): number {
  return error instanceof UsageError || error instanceof CliError || error instanceof CancelledError ? error.exitCode : EXIT.failure;
}
