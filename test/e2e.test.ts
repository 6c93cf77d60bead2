// What a user does, end to end: generate a project outside the repository with the CLI, install it
// (offline-first from the npm cache), run its tests, start it, and talk to it with the openai client.
import { spawn, execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import OpenAI from "openai";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "./_scratch.ts";

const run = promisify(execFile);
const env = { ...process.env, npm_config_prefer_offline: "true", npm_config_audit: "false", npm_config_fund: "false", CI: "true" };
const parent = await mkdtemp(join(tmpdir(), "agent-host-e2e-"));
const dir = join(parent, "my-agent");
afterAll(async () => rm(parent, { recursive: true, force: true }));

describe("a generated project, as a user gets it", () => {
  it("is created and installed by the CLI", async () => {
    const cli = join(REPO_ROOT, "cli", "bin", "create-agent-host.js");
    await run(process.execPath, [cli, dir, "--yes", "--channels", "responses,invocations", "--pm", "npm", "--install", "--no-git"], {
      cwd: parent,
      env,
      maxBuffer: 16 * 1024 * 1024,
    });
  }, 240_000);

  it("passes its own tests and type-checks", async () => {
    const tests = await run("npm", ["test"], { cwd: dir, env, maxBuffer: 16 * 1024 * 1024 });
    expect(tests.stdout).toMatch(/Tests\s+.*\d+ passed/);
    await run("npm", ["run", "typecheck"], { cwd: dir, env });
  }, 180_000);

  it("starts and answers the openai client on the Responses channel", async () => {
    const server = spawn("npm", ["start"], { cwd: dir, env: { ...env, PORT: "0", AGENT_HOST_STATE_DIR: join(parent, "state") }, detached: true });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = "";
        server.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
          if (match) resolve(match[1] as string);
        });
        server.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
        server.once("exit", (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
      });
      const client = new OpenAI({ apiKey: "unused", baseURL: `${url}/responses/v1`, maxRetries: 0 });
      const response = await client.responses.create({ model: "echo", input: "hello from e2e" });
      expect(response.output_text).toBe("You said: hello from e2e");
    } finally {
      process.kill(-server.pid!, "SIGTERM");
    }
  }, 60_000);
});
