// What a user of this checkout does, end to end: generate a project outside the repository with the
// CLI, install it as a user would (no offline-first), run its tests, start it, and talk to it with openai.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import OpenAI from "openai";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "./_scratch.ts";
import { runIn, startProject, userEnv } from "./_user-shell.ts";

const parent = await mkdtemp(join(tmpdir(), "agent-host-e2e-"));
const env = userEnv(dirname(process.execPath), { CI: "true" });
const dir = join(parent, "my-agent");
afterAll(async () => rm(parent, { recursive: true, force: true }));

describe("a generated project, as a user gets it", () => {
  it("is created and installed by the CLI", async () => {
    const cli = join(REPO_ROOT, "cli", "bin", "create-agent-host.js");
    await runIn(parent, env, "node", [cli, dir, "--yes", "--channels", "responses,invocations", "--pm", "npm", "--install", "--no-git"]);
  }, 240_000);

  it("passes its own tests and type-checks", async () => {
    const tests = await runIn(dir, env, "npm", ["test"]);
    expect(tests.stdout).toMatch(/Tests\s+.*\d+ passed/);
    await runIn(dir, env, "npm", ["run", "typecheck"]);
  }, 180_000);

  it("starts and answers the openai client on the Responses channel", async () => {
    const { url, server } = await startProject(dir, { ...env, AGENT_HOST_STATE_DIR: join(parent, "state") });
    try {
      const client = new OpenAI({ apiKey: "unused", baseURL: `${url}/responses/v1`, maxRetries: 0 });
      const response = await client.responses.create({ model: "echo", input: "hello from e2e" });
      expect(response.output_text).toBe("You said: hello from e2e");
    } finally {
      await server.stop();
    }
  }, 60_000);
});
