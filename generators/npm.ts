// Runs npm as a child process with clear errors: the npm that started us (npm_execpath) when there is
// one, else `npm` from PATH. Output is captured and returned; failures carry the tail of stderr.
import { execFile } from "node:child_process";

export interface NpmResult {
  stdout: string;
  stderr: string;
}

export function runNpm(args: readonly string[], cwd: string): Promise<NpmResult> {
  const execPath = process.env.npm_execpath;
  // Only npm's own CLI: under pnpm or yarn, npm_execpath points at their CLI, whose flags differ.
  const viaNode = execPath !== undefined && /(^|[\\/])npm-cli\.js$/.test(execPath);
  const command = viaNode ? process.execPath : "npm";
  const fullArgs = viaNode ? [execPath, ...args] : [...args];
  return new Promise((resolve, reject) => {
    // On Windows `npm` is npm.cmd, which only a shell runs.
    const shell = !viaNode && process.platform === "win32";
    execFile(command, fullArgs, { cwd, shell, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: "false" } }, (error, stdout, stderr) => {
      if (!error) return resolve({ stdout, stderr });
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        return reject(new Error(`npm was not found (tried "${command}"). Install Node.js with npm, or run this from an npm script.`));
      }
      const tail = `${stderr}\n${stdout}`.trim().split("\n").slice(-30).join("\n");
      reject(new Error(`\`npm ${args.join(" ")}\` failed in ${cwd} (exit code ${String(error.code)}):\n${tail}`));
    });
  });
}
