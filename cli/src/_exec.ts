// Runs a command and collects its output, without a shell unless asked (package managers on Windows
// are `.cmd` shims that need one); a missing program resolves with code -1 instead of throwing.
import process from "node:process";

export interface ExecResult {
  code: number;
  output: string;
}

export interface ExecOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  /** Run through the shell: only for commands whose arguments need no quoting. */
  shell?: boolean;
}

export async function exec(command: string, args: string[], options: ExecOptions): Promise<ExecResult> {
  // Loaded on first use: creating a project with --no-install --no-git never starts a process.
  const { spawn } = await import("node:child_process");
  return new Promise((resolve) => {
    let output = "";
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
      shell: options.shell ?? false,
    });
    // A Ctrl-C that ends this process must not leave an install running behind it.
    const stop = () => child.kill();
    process.once("exit", stop);
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", (error) => {
      process.off("exit", stop);
      resolve({ code: -1, output: error.message });
    });
    child.on("close", (code) => {
      process.off("exit", stop);
      resolve({ code: code ?? 1, output });
    });
  });
}
