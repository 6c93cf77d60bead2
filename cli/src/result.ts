// The machine-readable result of a run (--json): one object on stdout, for created projects, dry
// runs and errors alike; every human message goes to stderr in that mode.
import type { Writable } from "node:stream";
import type { Answers } from "../../generators/answers.ts";
import type { FileChange } from "./dry-run.ts";
import type { GitStatus } from "./git.ts";
import type { NextSteps } from "./next-steps.ts";
import type { PmName } from "./pm.ts";

export interface CreateResult {
  status: "created" | "dry-run";
  /** Absolute path of the project directory. */
  dir: string;
  answers: Answers;
  packageManager: PmName;
  /** Paths written, or (dry run) what writing would do to each file. */
  files: string[] | FileChange[];
  install: { command: string; run: boolean; ok?: boolean };
  git: GitStatus | "would-init" | "not-requested";
  nextSteps: NextSteps;
}

export interface ErrorResult {
  status: "error" | "cancelled";
  exitCode: number;
  message: string;
}

export function printJson(stream: Writable, result: CreateResult | ErrorResult): void {
  stream.write(`${JSON.stringify(result, null, 2)}\n`);
}
