// The plain-JavaScript bin gate: refuses old Node versions with what to do (exit 1) before loading
// any TypeScript, and otherwise starts the CLI (run here with the current Node).
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { checkNodeVersion, stripTypesFlagNeeded, versionLessThan } from "../bin/node-check.js";

const bin = fileURLToPath(new URL("../bin/create-agent-host.js", import.meta.url));

async function runBin(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("checkNodeVersion", () => {
  it("refuses Node 20 and 22.11 and says what to do", () => {
    const message = checkNodeVersion({ node: "20.11.1" });
    expect(message).toContain("needs Node.js 22.12.0 or newer, but this is Node.js 20.11.1");
    expect(message).toContain("https://nodejs.org");
    expect(checkNodeVersion({ node: "22.11.0" })).toContain("22.11.0");
    expect(checkNodeVersion({})).toContain("unknown");
  });

  it("accepts 22.12 and newer", () => {
    for (const node of ["22.12.0", "22.18.0", "v23.0.0", "24.1.0"]) expect(checkNodeVersion({ node })).toBeNull();
    expect(versionLessThan("22.9.0", "22.12.0")).toBe(true);
    expect(versionLessThan("22.12.0", "22.12.0")).toBe(false);
  });

  it("asks for --experimental-strip-types only when Node does not strip types", () => {
    expect(stripTypesFlagNeeded({ typescript: "strip" })).toBe(false);
    expect(stripTypesFlagNeeded({ typescript: false })).toBe(true);
    expect(stripTypesFlagNeeded(undefined)).toBe(true);
  });
});

describe("bin/create-agent-host.js", () => {
  it("exits 1 with the message on a (faked) Node 20", async () => {
    const run = await runBin(["--version"], { CREATE_AGENT_HOST_FAKE_NODE_VERSION: "20.18.0" });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("needs Node.js 22.12.0 or newer, but this is Node.js 20.18.0");
    expect(run.stdout).toBe("");
  });

  it("runs the TypeScript CLI on a supported Node", async () => {
    const run = await runBin(["--version"]);
    expect(run).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
    const usage = await runBin(["--storage", "redis", "x"]);
    expect(usage.code).toBe(2);
  });

  it("restarts itself with --experimental-strip-types when type stripping is off", async () => {
    const run = await promisify(execFile)(process.execPath, ["--no-experimental-strip-types", bin, "--version"], { env: { PATH: process.env.PATH } });
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
