// The I/O a CLI run gets: streams, working directory, environment and whether a person is at a
// terminal. `main` takes it as an argument so tests drive the CLI in-process with mock streams.
import process from "node:process";
import type { Readable, Writable } from "node:stream";

export interface Io {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  cwd: string;
  env: Record<string, string | undefined>;
  /** True when stdin and stdout are a terminal: prompts may be shown. */
  isTTY: boolean;
}

/** The I/O of the current process. */
export function processIo(): Io {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    env: process.env,
    isTTY: Boolean(process.stdin.isTTY && process.stdout.isTTY),
  };
}

/** Writes lines to a stream, each ended by a newline. */
export function writeLines(stream: Writable, lines: string | string[]): void {
  const text = Array.isArray(lines) ? lines.join("\n") : lines;
  stream.write(text.endsWith("\n") ? text : `${text}\n`);
}
