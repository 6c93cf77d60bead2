// Every npm script of a fresh generated project, outside the repository as a user runs them: one plain
// `npm install`, then typecheck, test, start and dev (with and without .env) and discord:register.
import { execFile } from "node:child_process";
import { mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "./_scratch.ts";
import { freePort, npm, Server, userEnv } from "./_user-shell.ts";

const parent = await mkdtemp(join(tmpdir(), "agent-host-scripts-"));
const dir = join(parent, "scripts-agent");
// This run's Node 22 first, as after `nvm use`.
const env = userEnv(dirname(process.execPath));
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
  await rm(join(dir, ".env"), { force: true });
});
afterAll(() => rm(parent, { recursive: true, force: true }));

function serve(script: "start" | "dev", extra: Record<string, string> = {}): Server {
  const server = new Server(dir, script, { ...env, ...extra });
  servers.push(server);
  return server;
}

/** Waits for the listening line after `from` and answers GET /healthz on the port it names. */
async function listeningPort(server: Server, from = 0): Promise<number> {
  const output = await server.waitFor(/is listening on http:\/\/127\.0\.0\.1:(\d+)/, from);
  const port = Number(/is listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output.slice(from))?.[1]);
  const health = await fetch(`http://127.0.0.1:${port}/healthz`);
  expect(health.status).toBe(200);
  return port;
}

async function writeEnv(lines: string[]): Promise<void> {
  await writeFile(join(dir, ".env"), `${lines.join("\n")}\n`);
}

/** stderr without blank lines and npm's own "npm error" lines. */
function ownLines(stderr: string): string[] {
  return stderr.split("\n").filter((line) => line.trim() !== "" && !line.startsWith("npm "));
}

beforeAll(async () => {
  const cli = join(REPO_ROOT, "cli", "bin", "create-agent-host.js");
  await promisify(execFile)(process.execPath, [cli, dir, "--yes", "--channels", "responses,discord", "--no-git", "--no-install"], { cwd: parent, env });
  const install = await npm(dir, ["install"], env, 240_000);
  expect(install.code, install.stderr).toBe(0);
}, 300_000);

describe("the scripts of a fresh generated project", () => {
  it("npm run typecheck and npm test pass", async () => {
    const typecheck = await npm(dir, ["run", "typecheck"], env);
    expect(typecheck.code, typecheck.stdout + typecheck.stderr).toBe(0);
    const test = await npm(dir, ["test"], env);
    expect(test.code, test.stdout + test.stderr).toBe(0);
    expect(test.stdout).toMatch(/Tests\s+.*\d+ passed/);
  }, 120_000);

  it("npm start without .env serves on PORT from the environment", async () => {
    const port = await freePort();
    expect(await listeningPort(serve("start", { PORT: String(port) }))).toBe(port);
  }, 60_000);

  it("npm run dev without .env serves and restarts after a change under src/", async () => {
    const port = await freePort();
    const server = serve("dev", { PORT: String(port) });
    expect(await listeningPort(server)).toBe(port);
    const restart = server.output.length;
    await utimes(join(dir, "src", "agent.ts"), new Date(), new Date());
    await server.waitFor(/Restarting 'src\/main\.ts'/, restart);
    expect(await listeningPort(server, restart)).toBe(port);
    expect(server.output).not.toMatch(/ENOENT|EPIPE|Error:/);
  }, 60_000);

  it("with a .env, npm start and npm run dev take PORT from it; the environment wins", async () => {
    const [filePort, envPort] = [await freePort(), await freePort()];
    await writeEnv([`PORT=${filePort}`]);
    expect(await listeningPort(serve("start"))).toBe(filePort);
    await Promise.all(servers.splice(0).map((server) => server.stop()));
    expect(await listeningPort(serve("start", { PORT: String(envPort) }))).toBe(envPort);
    await Promise.all(servers.splice(0).map((server) => server.stop()));
    const dev = serve("dev");
    expect(await listeningPort(dev)).toBe(filePort);
    const restart = dev.output.length;
    await utimes(join(dir, "src", "host.ts"), new Date(), new Date());
    expect(await listeningPort(dev, restart)).toBe(filePort);
  }, 60_000);

  it("npm run discord:register says in one line what is missing, or why Discord was not reached", async () => {
    const missing = await npm(dir, ["run", "discord:register"], env);
    expect(missing.code).not.toBe(0);
    expect(ownLines(missing.stderr)).toEqual([expect.stringMatching(/DISCORD_PUBLIC_KEY, DISCORD_APPLICATION_ID and DISCORD_BOT_TOKEN in \.env/)]);
    // With the settings in .env (so it reads the file) and Discord's API on a closed local port.
    await writeEnv([`DISCORD_PUBLIC_KEY=${"0".repeat(64)}`, "DISCORD_APPLICATION_ID=123456789012345678", "DISCORD_BOT_TOKEN=placeholder", `DISCORD_API_BASE=http://127.0.0.1:${await freePort()}/api/v10`]);
    const unreachable = await npm(dir, ["run", "discord:register"], env);
    expect(unreachable.code).not.toBe(0);
    expect(ownLines(unreachable.stderr)).toEqual([expect.stringMatching(/^fetch failed \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)$/)]);
  }, 60_000);
});
