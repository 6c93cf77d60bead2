// A real npm registry on 127.0.0.1 for install tests and benchmarks: Verdaccio with a fresh storage
// folder, our two packages local only, everything else proxied to the registry npm is configured with.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const REPO_ROOT = join(import.meta.dirname, "..", "..");
const VERDACCIO_BIN = join(REPO_ROOT, "node_modules", "verdaccio", "bin", "verdaccio");
/** Published here only, never looked up upstream (the public registry may hold other packages by these names). */
export const LOCAL_PACKAGES = ["agent-host", "create-agent-host"] as const;

export interface LocalRegistry {
  /** Base URL with a trailing slash, e.g. `http://127.0.0.1:4873/`. */
  url: string;
  /** A userconfig holding a publish token for this registry (installs need none). */
  publishConfig: string;
  /** Folder for throwaway files of this registry's users (npm caches, projects); removed by close(). */
  workDir: string;
  close(): Promise<void>;
}

/** The registry `npm config get registry` answers: the uplink, never written into the repository. */
export async function configuredRegistry(): Promise<string> {
  const { stdout } = await run("npm", ["config", "get", "registry"], { cwd: tmpdir() });
  const url = stdout.trim();
  return url.endsWith("/") ? url : `${url}/`;
}

export async function startLocalRegistry(): Promise<LocalRegistry> {
  const workDir = await mkdtemp(join(tmpdir(), "agent-host-registry-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const config = join(workDir, "config.yaml");
  await writeFile(config, configYaml(workDir, await configuredRegistry()));
  const child = spawn(process.execPath, [VERDACCIO_BIN, "--config", config, "--listen", `127.0.0.1:${port}`], {
    cwd: workDir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr?.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const close = async () => {
    await stop(child);
    await rm(workDir, { recursive: true, force: true });
  };
  try {
    await waitUntilUp(url, child, () => output);
    const publishConfig = join(workDir, "publish.npmrc");
    await writeFile(publishConfig, `//127.0.0.1:${port}/:_authToken=${await addUser(url)}\n`);
    return { url, publishConfig, workDir, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Publishes the package in `dir` (its prepack builds it) to the local registry. */
export async function publish(registry: LocalRegistry, dir: string): Promise<void> {
  await run("npm", ["publish", "--registry", registry.url, "--userconfig", registry.publishConfig, "--tag", "latest", "--no-provenance"], {
    cwd: dir,
    env: { ...process.env, npm_config_registry: registry.url },
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** Both packages of this repository, runtime first (the CLI's projects depend on it). */
export async function publishRepository(registry: LocalRegistry): Promise<void> {
  await publish(registry, join(REPO_ROOT, "runtime"));
  await publish(registry, join(REPO_ROOT, "cli"));
}

/**
 * Publishes the package in `dir` once more under `version` (a copy of what `npm pack` makes, its
 * lifecycle scripts removed so nothing rebuilds it): a "newer release" for update-notice tests.
 */
export async function publishAs(registry: LocalRegistry, dir: string, version: string): Promise<void> {
  const target = await mkdtemp(join(registry.workDir, "release-"));
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", target], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
  const tarball = (JSON.parse(stdout) as Array<{ filename: string }>)[0]?.filename;
  if (!tarball) throw new Error(`npm pack in ${dir} reported no file`);
  await run("tar", ["-xzf", join(target, tarball), "-C", target]);
  const manifestPath = join(target, "package", "package.json");
  const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as { version: string; scripts?: unknown };
  delete manifest.scripts;
  await writeFile(manifestPath, JSON.stringify({ ...manifest, version }, null, 2));
  await publish(registry, join(target, "package"));
}

function configYaml(workDir: string, uplink: string): string {
  const local = LOCAL_PACKAGES.map((name) => `  '${name}':\n    access: $all\n    publish: $authenticated\n`).join("");
  return [
    `storage: ${JSON.stringify(join(workDir, "storage"))}`,
    "auth:",
    "  htpasswd:",
    `    file: ${JSON.stringify(join(workDir, "htpasswd"))}`,
    "uplinks:",
    "  upstream:",
    `    url: ${JSON.stringify(uplink)}`,
    "    timeout: 60s",
    "    maxage: 30m",
    "packages:",
    local.trimEnd(),
    "  '**':",
    "    access: $all",
    "    publish: $authenticated",
    "    proxy: upstream",
    "web:",
    "  enable: false",
    "log: { type: stdout, format: pretty, level: warn }",
    "max_body_size: 100mb",
    "",
  ].join("\n");
}

/** Registers a throwaway user (Verdaccio's htpasswd) and returns its token. */
async function addUser(url: string): Promise<string> {
  const name = "agent-host-ci";
  const response = await fetch(new URL(`-/user/org.couchdb.user:${name}`, url), {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, password: "local-registry-only", type: "user", roles: [], date: new Date().toISOString() }),
  });
  const body = (await response.json()) as { token?: string; error?: string };
  if (!response.ok || !body.token) throw new Error(`Verdaccio refused the test user (${response.status}): ${body.error ?? JSON.stringify(body)}`);
  return body.token;
}

async function waitUntilUp(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Verdaccio exited with ${child.exitCode}:\n${output()}`);
    const up = await fetch(new URL("-/ping", url)).then(
      (response) => response.ok,
      () => false,
    );
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Verdaccio did not answer on ${url} within 30 s:\n${output()}`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
