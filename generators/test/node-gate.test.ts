// The generated Node.js gate (scripts/check-node.js) on Node 22 with a faked version: an --import preload
// redefines process.versions before the gate runs. Too old → one line on stderr and exit 1; else silent.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import type { Answers } from "../answers.ts";
import { generateProject } from "../project.ts";
import { fileOf, minimal } from "./_helpers.ts";

const root = await mkdtemp(join(tmpdir(), "agent-host-gate-"));
afterAll(() => rm(root, { recursive: true, force: true }));

/** Writes the gate and package.json of a generated project, a fake-version preload and a stand-in main. */
async function gateProject(answers: Answers): Promise<{ dir: string; scripts: Record<string, string> }> {
  const dir = join(root, answers.name);
  const files = await generateProject(answers, { runtimeSpec: "0.0.0" });
  await mkdir(join(dir, "scripts"), { recursive: true });
  await writeFile(join(dir, "package.json"), fileOf(files, "package.json"));
  await writeFile(join(dir, "scripts", "check-node.js"), fileOf(files, "scripts/check-node.js"));
  const fake = "const node = process.env.FAKE_NODE_VERSION;\nif (node) {\n  Object.defineProperty(process, \"versions\", { value: { ...process.versions, node } });\n  Object.defineProperty(process, \"version\", { value: `v${node}` });\n}\n";
  await writeFile(join(dir, "fake-version.mjs"), fake);
  await writeFile(join(dir, "main.mjs"), 'console.log("main ran");\n');
  return { dir, scripts: JSON.parse(fileOf(files, "package.json")).scripts };
}

/** `node --import ./fake-version.mjs --import ./scripts/check-node.js main.mjs`, as `npm start` runs the gate. */
async function runGate(dir: string, fakeVersion?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = ["--import", "./fake-version.mjs", "--import", "./scripts/check-node.js", "main.mjs"];
  const env = { ...process.env, FAKE_NODE_VERSION: fakeVersion ?? "" };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, args, { cwd: dir, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("scripts/check-node.js, the generated Node.js gate", () => {
  it("stops an old Node.js with one line: found, needed, how to get it; main never runs", async () => {
    const { dir } = await gateProject(minimal);
    for (const version of ["20.20.2", "22.17.9", "18.0.0"]) {
      const run = await runGate(dir, version);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toBe(`This project needs Node.js >=22.18 (found v${version}). Install Node.js 22.18 or newer: https://nodejs.org, or run \`nvm install\` (reads .nvmrc).\n`);
    }
  });

  it("is silent on a new enough Node.js, faked or real", async () => {
    const { dir } = await gateProject(minimal);
    for (const version of ["22.18.0", "22.23.3", "24.0.0", undefined]) {
      expect(await runGate(dir, version)).toEqual({ code: 0, stdout: "main ran\n", stderr: "" });
    }
  });

  it("reads the strictest engines.node: Teams needs 22.19", async () => {
    const { dir } = await gateProject({ ...minimal, name: "teams-agent", channels: ["teams"] });
    expect((await runGate(dir, "22.18.5")).stderr).toMatch(/^This project needs Node\.js >=22\.19 \(found v22\.18\.5\)\. Install Node\.js 22\.19 or newer/);
    expect((await runGate(dir, "22.19.0")).code).toBe(0);
  });

  it("runs first in every script that starts Node.js, as a preload or before the command", async () => {
    const { scripts } = await gateProject({ ...minimal, name: "discord-agent", channels: ["responses", "discord"] });
    const nodeScripts = Object.entries(scripts).filter(([name]) => name !== "typecheck" && name !== "agent-host");
    expect(nodeScripts.map(([name]) => name)).toEqual(["start", "dev", "test", "discord:register"]);
    for (const [, command] of nodeScripts) expect(command).toMatch(/^node (--import \.\/)?scripts\/check-node\.js /);
    for (const [, command] of nodeScripts) expect(command).not.toMatch(/--experimental-strip-types|--env-file/);
  });
});
