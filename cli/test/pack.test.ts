// The published package: `npm pack` (after the prepack build) ships the bin, the bundle and the templates,
// nothing of the repository's own, and the extracted tarball, run outside the repository, creates the same project.
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, symlink } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answersSchema, defaultAnswers } from "../../generators/answers.ts";
import { generateProject } from "../../generators/project.ts";
import { listFiles, readTree } from "../../generators/tree.ts";
import { type FakeRegistry, startFakeRegistry } from "./_fake-registry.ts";
import { CLI_DIR, packAndExtract, packList, type PackedFile, readJson, runPackedBin, stagePackage, userEnv } from "./_packed.ts";

const REPO_ROOT = join(CLI_DIR, "..");
const runtimeVersion = (await readJson<{ version: string }>(join(REPO_ROOT, "runtime", "package.json"))).version;
const cliVersion = (await readJson<{ version: string }>(join(CLI_DIR, "package.json"))).version;
const lockedTsMorph = (await readJson<{ packages: Record<string, { version: string }> }>(join(REPO_ROOT, "package-lock.json"))).packages["node_modules/ts-morph"]?.version;

let listed: PackedFile[];
let packed: { root: string; packageDir: string };
let work: string;

beforeAll(async () => {
  const { root, stage } = await stagePackage();
  listed = (await packList(stage)).files;
  packed = { root, packageDir: await packAndExtract(root, stage) };
  work = join(root, "work");
  await mkdir(work);
}, 120_000);
afterAll(async () => {
  if (packed) await rm(packed.root, { recursive: true, force: true });
});

describe("npm pack of create-agent-host", () => {
  it("holds the bin, the bundle and its chunks, every template file, README, LICENSE and package.json", async () => {
    const paths = new Set(listed.map((file) => file.path));
    for (const path of ["bin/create-agent-host.js", "bin/node-check.js", "dist/main.js", "README.md", "LICENSE", "package.json", "templates/base/package.json.hbs"]) {
      expect(paths, path).toContain(path);
    }
    expect([...paths].filter((path) => /^dist\/edit-main-[\w-]+\.js$/.test(path))).toHaveLength(1);
    // Every file the generators copy or render, for every channel, target, model and storage.
    const missing = (await listFiles(join(REPO_ROOT, "templates"))).map((path) => `templates/${path}`).filter((path) => !paths.has(path));
    expect(missing).toEqual([]);
    // Every chunk main.js can import is in the tarball.
    const bundle = await readFile(join(packed.packageDir, "dist", "main.js"), "utf8");
    for (const chunk of bundle.matchAll(/["'`]\.\/([\w-]+\.js)["'`]/g)) expect(paths).toContain(`dist/${chunk[1]}`);
  });

  it("holds nothing of the repository's own: no sources, tests, fixtures, snapshots or scratch folders", () => {
    const outsideTemplates = listed.map((file) => file.path).filter((path) => !path.startsWith("templates/"));
    const unwanted = outsideTemplates.filter(
      (path) => /^(src|test|scripts|fixtures|snapshots|node_modules)\//.test(path) || /(^|\/)\.(scratch|build-)/.test(path) || /\.test\./.test(path) || (path.endsWith(".ts") && !path.endsWith(".d.ts")),
    );
    expect(unwanted).toEqual([]);
    expect(listed.some((file) => file.path.includes(".scratch") || file.path.includes("/node_modules/"))).toBe(false);
  });

  it("declares ts-morph (exact, as locked) as its only dependency and is publishable", async () => {
    const manifest = await readJson<Record<string, unknown>>(join(packed.packageDir, "package.json"));
    expect(manifest.private).toBeUndefined();
    expect(manifest.dependencies).toEqual({ "ts-morph": lockedTsMorph });
    expect(manifest.bin).toEqual({ "create-agent-host": "bin/create-agent-host.js" });
  });

  it("bundles the handlebars runtime only (templates precompiled) and leaves ts-morph to the edit chunk", async () => {
    const dist = join(packed.packageDir, "dist");
    const chunks = await readdir(dist);
    const code = new Map(await Promise.all(chunks.map(async (chunk) => [chunk, await readFile(join(dist, chunk), "utf8")] as const)));
    for (const [chunk, text] of code) {
      // The handlebars parser's error message: present only with the compiler.
      expect(text, chunk).not.toContain("Parse error on line");
      if (!chunk.startsWith("edit-main-")) expect(text, chunk).not.toContain("ts-morph");
    }
    expect([...code].find(([chunk]) => chunk.startsWith("edit-main-"))?.[1]).toContain("import(`ts-morph`)");
  });
});

describe("the packed CLI, run outside the repository", () => {
  const answers = answersSchema.parse({ ...defaultAnswers, name: "my-agent", channels: ["responses", "telegram"] });
  const create = (dir: string, extra: string[] = []) => ["my-agent", "--yes", "--no-install", "--no-git", "--channels", "responses,telegram", ...extra].map((arg) => (arg === "my-agent" ? dir : arg));

  it("creates the project against the registry's agent-host, the checkout's generator otherwise byte for byte (without loading ts-morph)", async () => {
    const dir = join(work, "created", "my-agent");
    // No node_modules anywhere above the extracted package: importing ts-morph would fail the run.
    const result = await runPackedBin(packed.packageDir, create(dir), { cwd: work });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const manifest = await readJson<{ dependencies: Record<string, string> }>(join(dir, "package.json"));
    expect(manifest.dependencies["agent-host"]).toBe(runtimeVersion);
    expect(existsSync(join(dir, "vendor"))).toBe(false);
    expect(await readFile(join(dir, "package.json"), "utf8")).not.toContain("file:");

    const checkout = await generateProject(answers, { runtimeSpec: runtimeVersion });
    const published = await readTree(dir);
    expect(published.map((file) => file.path)).toEqual(checkout.map((file) => file.path));
    for (const file of checkout) expect(published.find((candidate) => candidate.path === file.path)?.content, file.path).toEqual(file.content);
    expect((await readJson<{ generator: string }>(join(dir, "agent-host.json"))).generator).toBe(`create-agent-host@${cliVersion}`);
  }, 60_000);

  it("renders every fixture's answers with the precompiled templates exactly as the checkout compiles them", async () => {
    const fixtures = join(REPO_ROOT, "fixtures", "answers");
    for (const name of (await readdir(fixtures)).filter((file) => file.endsWith(".json"))) {
      const fixture = answersSchema.parse(await readJson(join(fixtures, name)));
      const dir = join(work, "fixtures", fixture.name);
      const flags = ["--target", fixture.target, "--model", fixture.model, "--channels", fixture.channels.join(","), "--auth", fixture.auth, "--storage", fixture.storage];
      const result = await runPackedBin(packed.packageDir, [dir, ...flags, "--yes", "--no-install", "--no-git"], { cwd: work });
      expect(result.code, `${name}: ${result.stderr}`).toBe(0);
      const checkout = await generateProject(fixture, { runtimeSpec: runtimeVersion });
      expect(await readTree(dir), name).toEqual(checkout);
    }
  }, 60_000);

  it("answers --version and --help from the bundle", async () => {
    const version = await runPackedBin(packed.packageDir, ["--version"], { cwd: work });
    expect(version).toMatchObject({ code: 0, stdout: `${cliVersion}\n` });
    const help = await runPackedBin(packed.packageDir, ["--help"], { cwd: work });
    expect(help.stdout).toContain("npm create agent-host@latest [dir]");
  });

  it("loads the edit chunk and ts-morph on demand: diff, then add-channel", async () => {
    const dir = join(work, "edited", "my-agent");
    expect((await runPackedBin(packed.packageDir, create(dir), { cwd: work })).code).toBe(0);
    const diff = await runPackedBin(packed.packageDir, ["diff", "--dir", dir, "--json"], { cwd: work });
    expect(diff.code).toBe(0);
    // The package's one dependency, as an install would provide it.
    await mkdir(join(packed.packageDir, "node_modules"), { recursive: true });
    await symlink(join(REPO_ROOT, "node_modules", "ts-morph"), join(packed.packageDir, "node_modules", "ts-morph"), "dir");
    try {
      const added = await runPackedBin(packed.packageDir, ["add-channel", "mcp", "--dir", dir, "--yes"], { cwd: work });
      expect(added.stderr).toBe("");
      expect(added.code).toBe(0);
      expect(await readFile(join(dir, "src", "host.ts"), "utf8")).toContain("mcp");
    } finally {
      await rm(join(packed.packageDir, "node_modules"), { recursive: true, force: true });
    }
  }, 60_000);
});

describe("the update notice of the packed CLI (a fake registry on 127.0.0.1)", () => {
  const registries: FakeRegistry[] = [];
  afterAll(async () => Promise.all(registries.map((registry) => registry.close())));
  async function registry(latest: string, delayMs = 0): Promise<FakeRegistry> {
    const started = await startFakeRegistry({ latest, delayMs });
    registries.push(started);
    return started;
  }
  let count = 0;
  async function createWith(fake: FakeRegistry, options: { tty: boolean; env?: Record<string, string> }) {
    const dir = join(work, "notice", `p${count++}`);
    const args = [dir, "--yes", "--no-install", "--no-git"];
    return runPackedBin(packed.packageDir, args, { cwd: work, tty: options.tty, env: userEnv({ npm_config_registry: fake.url, ...options.env }) });
  }
  const noticeLines = (output: string) => output.split("\n").filter((line) => line.includes("newer create-agent-host"));

  it("prints one line naming the newer version and npm create agent-host@latest", async () => {
    const fake = await registry("99.0.0");
    const result = await createWith(fake, { tty: true });
    expect(result.code).toBe(0);
    expect(fake.requests.map((request) => request.path)).toEqual(["/create-agent-host/latest"]);
    expect(noticeLines(result.stdout)).toEqual([`A newer create-agent-host is available: ${cliVersion} → 99.0.0. Run \`npm create agent-host@latest\` to use it.`]);
    // After the outro: the last thing printed.
    expect(result.stdout.trimEnd().split("\n").at(-1)).toContain("99.0.0");
  }, 30_000);

  it("prints nothing when the registry has the same or an older version", async () => {
    for (const latest of [cliVersion, "0.0.1"]) {
      const fake = await registry(latest);
      const result = await createWith(fake, { tty: true });
      expect(result.code).toBe(0);
      expect(fake.requests).toHaveLength(1);
      expect(noticeLines(result.stdout + result.stderr)).toEqual([]);
    }
  }, 30_000);

  it("does not wait for a slow registry: no line, and the process ends long before the lookup's 1 s timeout", async () => {
    const fake = await registry("99.0.0", 5000);
    const result = await createWith(fake, { tty: true });
    expect(result.code).toBe(0);
    expect(noticeLines(result.stdout)).toEqual([]);
    const request = fake.requests[0];
    expect(request).toBeDefined();
    expect(result.exitedAt - (request?.at ?? 0)).toBeLessThan(900);
  }, 30_000);

  it("makes no request with CI set or without a terminal", async () => {
    const fake = await registry("99.0.0");
    const ci = await createWith(fake, { tty: true, env: { CI: "1" } });
    const piped = await createWith(fake, { tty: false });
    expect([ci.code, piped.code]).toEqual([0, 0]);
    expect(noticeLines(ci.stdout + piped.stdout)).toEqual([]);
    expect(fake.requests).toEqual([]);
  }, 30_000);
});
