// The product as a user gets it: both packages published to a real registry on 127.0.0.1 (Verdaccio),
// then `npm create agent-host@latest` in a clean folder outside the repository, its install, tests and server.
import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runIn, startProject, userEnv } from "../_user-shell.ts";
import { publishAs, publishRepository, startLocalRegistry, type LocalRegistry } from "./_verdaccio.ts";

const REPO_ROOT = join(import.meta.dirname, "..", "..");
const versionOf = async (folder: string) => (JSON.parse(await readFile(join(REPO_ROOT, folder, "package.json"), "utf8")) as { version: string }).version;
const runtimeVersion = await versionOf("runtime");
const cliVersion = await versionOf("cli");
let registry: LocalRegistry;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  registry = await startLocalRegistry();
  await publishRepository(registry);
  // A fresh npm cache: every package comes through the registry, nothing from a warm cache. `npm create`
  // asks before it downloads the CLI (or refuses, where the npmrc says yes=false): the user answers yes.
  env = userEnv(dirname(process.execPath), { npm_config_registry: registry.url, npm_config_cache: join(registry.workDir, "npm-cache"), npm_config_yes: "true" });
}, 180_000);
afterAll(async () => registry?.close());

async function createWith(folder: string, flags: string[]): Promise<string> {
  const parent = join(registry.workDir, folder);
  await mkdir(parent, { recursive: true });
  await runIn(parent, env, "npm", ["create", "agent-host@latest", "my-agent", "--", "--yes", ...flags], 420_000);
  return join(parent, "my-agent");
}

async function expectRegistryDependency(dir: string): Promise<void> {
  const manifest = await readFile(join(dir, "package.json"), "utf8");
  const dependencies = (JSON.parse(manifest) as { dependencies: Record<string, string> }).dependencies;
  expect(dependencies["agent-host"]).toBe(runtimeVersion);
  expect(manifest).not.toContain("file:");
  expect(existsSync(join(dir, "vendor"))).toBe(false);
  const installed = JSON.parse(await readFile(join(dir, "node_modules", "agent-host", "package.json"), "utf8")) as { version: string };
  expect(installed.version).toBe(runtimeVersion);
}

async function expectAnswers(dir: string, extraEnv: Record<string, string> = {}): Promise<void> {
  const { url, server } = await startProject(dir, { ...env, ...extraEnv });
  try {
    const client = new OpenAI({ apiKey: "unused", baseURL: `${url}/responses/v1`, maxRetries: 0 });
    const first = await client.responses.create({ model: "echo", input: "hello from the registry" });
    expect(first.output_text).toBe("You said: hello from the registry");
  } finally {
    await server.stop();
  }
}

describe("npm create agent-host@latest from a local registry", () => {
  it.each([
    { what: "a Responses + Telegram project", folder: "default", flags: ["--channels", "responses,telegram"] },
    { what: "the same on SQLite with the forced-link profile", folder: "sqlite", flags: ["--channels", "responses,telegram", "--storage", "sqlite", "--auth", "forced-link"] },
  ])("creates and installs $what, which passes its tests and answers the openai client", async ({ folder, flags }) => {
    const dir = await createWith(folder, flags);
    await expectRegistryDependency(dir);
    const tests = await runIn(dir, env, "npm", ["test"]);
    expect(tests.stdout).toMatch(/Tests\s+.*\d+ passed/);
    expect(tests.stdout).not.toMatch(/\d+ failed/);
    await expectAnswers(dir);
  }, 600_000);

  it("tells the user of an older create-agent-host, at a terminal, that a newer one is out", async () => {
    const [major, minor, patch] = cliVersion.split(/[.-]/).map(Number) as [number, number, number];
    const newer = `${major}.${minor}.${patch + 1}`;
    await publishAs(registry, join(REPO_ROOT, "cli"), newer);
    const parent = join(registry.workDir, "notice");
    await mkdir(parent, { recursive: true });
    // script(1) gives the CLI a terminal: the notice is only for people, never for CI or pipes.
    const command = `npm create agent-host@${cliVersion} my-agent -- --yes --no-install --no-git`;
    const atTerminal = await runIn(parent, env, "script", ["-qec", command, "/dev/null"], 120_000);
    expect(atTerminal.stdout).toContain(newer);
    expect(atTerminal.stdout).toContain("npm create agent-host@latest");
    const piped = await runIn(parent, env, "npm", ["create", `agent-host@${cliVersion}`, "piped", "--", "--yes", "--no-install", "--no-git"], 120_000);
    expect(`${piped.stdout}${piped.stderr}`).not.toContain(newer);
  }, 300_000);
});
