// The Node.js gate for real: a generated project's npm scripts on the machine's own older Node.js (the
// first `node` on PATH outside node_modules) stop with one line naming both versions. Skips when it is new.
import { execFile } from "node:child_process";
import { constants } from "node:fs";
import { access, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import type { Answers } from "../generators/answers.ts";
import { generateProject } from "../generators/project.ts";
import { writeFiles } from "./_scratch.ts";
import { npm, systemPath, userEnv } from "./_user-shell.ts";

const NEEDED = "22.18";

/** The directory of the first `name` executable on `path`. */
async function which(name: string, path: string): Promise<string | undefined> {
  for (const dir of path.split(delimiter)) {
    if (await access(join(dir, name), constants.X_OK).then(() => true, () => false)) return dir;
  }
  return undefined;
}

const nodeDir = await which("node", systemPath());
const found = nodeDir ? (await promisify(execFile)(join(nodeDir, "node"), ["-p", "process.versions.node"])).stdout.trim() : undefined;
const [major = 0, minor = 0] = (found ?? "99").split(".").map(Number);
const npmDir = await which("npm", systemPath());
const skip =
  !nodeDir || !found ? "no node on the system PATH" :
  major > 22 || (major === 22 && minor >= 18) ? `the system Node.js ${found} is new enough` :
  !npmDir ? "no npm on the system PATH" : undefined;
if (skip) console.log(`node-gate-old-node: skipped, ${skip}.`);

const parent = await mkdtemp(join(tmpdir(), "agent-host-old-node-"));
afterAll(() => rm(parent, { recursive: true, force: true }));

describe.skipIf(skip !== undefined)(`a generated project on the system's Node.js ${found}`, () => {
  it("stops npm start, dev, test and discord:register with one line: found and needed version", async () => {
    const dir = join(parent, "old-node-agent");
    const answers: Answers = { name: "old-node-agent", target: "agent", model: "none", channels: ["responses", "discord"], auth: "open", storage: "file" };
    await writeFiles(dir, await generateProject(answers, { runtimeSpec: "0.0.0" }));
    const env = userEnv(nodeDir ?? "");
    const line = `This project needs Node.js >=${NEEDED} (found v${found}). Install Node.js ${NEEDED} or newer: https://nodejs.org, or run \`nvm install\` (reads .nvmrc).`;
    for (const script of ["start", "dev", "test", "discord:register"]) {
      const run = await npm(dir, ["run", script], env, 30_000);
      const stderr = run.stderr.split("\n").filter((text) => text.trim() !== "" && !text.startsWith("npm "));
      expect({ script, code: run.code === 0 ? 0 : "non-zero", stderr }).toEqual({ script, code: "non-zero", stderr: [line] });
      expect(run.stdout + run.stderr).not.toMatch(/^\s+at |Error:|ERR_/m);
    }
  }, 60_000);
});
