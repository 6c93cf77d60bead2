// The project an edit command works on: the nearest folder at or above the working directory (or
// --dir) holding agent-host.json; and the one command line to repeat a run without a terminal.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Answers } from "../../generators/answers.ts";
import { MANIFEST_PATH, readManifest } from "../../generators/manifest.ts";
import { CliError } from "./_errors.ts";
import type { Io } from "./_io.ts";
import { detectPackageManager, pmCommandLine } from "./pm.ts";

/** The project root: `dir` itself, or else the working directory or its closest parent with agent-host.json. */
export async function findProject(cwd: string, dir?: string): Promise<string> {
  const start = resolve(cwd, dir ?? ".");
  if (dir !== undefined) {
    if (existsSync(join(start, MANIFEST_PATH))) return start;
    throw new CliError(`No ${MANIFEST_PATH} in ${start}: --dir must name a project made by create-agent-host.`);
  }
  for (let at = start; ; at = dirname(at)) {
    if (existsSync(join(at, MANIFEST_PATH))) return at;
    if (dirname(at) === at) break;
  }
  throw new CliError(`No ${MANIFEST_PATH} in ${start} or above it: run this inside a project made by create-agent-host, or name the project with --dir <folder>.`);
}

export async function readAnswers(dir: string): Promise<Answers> {
  return (await readManifest(dir)).answers;
}

const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`);

/** How to run create-agent-host with `args` the way this run was started (npm script or package runner). */
export async function commandLine(io: Io, args: string[]): Promise<string> {
  const event = io.env.npm_lifecycle_event;
  if (event === "agent-host" || event === "create") return [`npm run ${event} --`, ...args.map(quote)].join(" ");
  const pm = await detectPackageManager(io.env, io.cwd);
  return pmCommandLine(pm, "execute", ["create-agent-host", ...args.map(quote)]);
}
