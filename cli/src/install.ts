// Installs the generated project's dependencies with the chosen package manager, behind a spinner
// at a terminal and plain log lines elsewhere; a failure keeps the output for the error message.
import { log, spinner } from "@clack/prompts";
import { INSTALL_PAGE } from "package-manager-detector/constants";
import process from "node:process";
import type { Writable } from "node:stream";
import { exec } from "./_exec.ts";
import { type PackageManager, pmCommand, pmCommandLine } from "./pm.ts";

export interface InstallResult {
  ok: boolean;
  command: string;
  /** The last lines the package manager printed, when it failed. */
  output?: string;
}

export interface InstallUi {
  output: Writable;
  /** Animate (terminal) or print one line per step (CI, pipes). */
  animate: boolean;
}

export async function installDependencies(dir: string, pm: PackageManager, ui: InstallUi, env?: Record<string, string | undefined>): Promise<InstallResult> {
  const line = pmCommandLine(pm, "install");
  const { command, args } = pmCommand(pm, "install");
  const spin = ui.animate ? spinner({ output: ui.output }) : undefined;
  if (spin) spin.start(`Installing dependencies (${line})`);
  else log.step(`Installing dependencies (${line}) …`, { output: ui.output });
  const result = await exec(command, args, { cwd: dir, env, shell: process.platform === "win32" });
  const ok = result.code === 0;
  const done = ok ? `Installed dependencies (${line})` : `${line} failed${result.code === -1 ? "" : ` (exit code ${result.code})`}`;
  if (spin) {
    if (ok) spin.stop(done);
    else spin.error(done);
  } else if (ok) log.success(done, { output: ui.output });
  else log.error(done, { output: ui.output });
  if (ok) return { ok, command: line };
  if (result.code === -1) {
    return { ok, command: line, output: `${command} is not installed or not on PATH. Install it (${INSTALL_PAGE[pm.agent]}) or choose another package manager with --pm.` };
  }
  return { ok, command: line, output: result.output.trim().split("\n").slice(-20).join("\n") };
}
