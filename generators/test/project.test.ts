// generateProject: deterministic output, the file lists of a minimal and a full project, the host
// wiring, package.json from versions.ts only, .env.example, and verbatim copies of the templates.
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { catalog, type ChannelSpec } from "../catalog.ts";
import { generateProject } from "../project.ts";
import { chosenEntries, mergeEnv } from "../project-data.ts";
import { REPO_ROOT } from "../repo.ts";
import { versions } from "../versions.ts";
import { fileOf, full, minimal, workflow } from "./_helpers.ts";

const MINIMAL_FILES = [
  ".env.example", ".gitignore", ".nvmrc", "AGENTS.md", "README.md", "agent-host.json", "package.json", "scripts/check-node.js",
  "src/agent.ts", "src/channels/responses-events.ts", "src/channels/responses-object.ts", "src/channels/responses-records.ts",
  "src/channels/responses-turn.ts", "src/channels/responses-wire.ts", "src/channels/responses-ws.ts", "src/channels/responses.ts",
  "src/env.ts", "src/host.ts", "src/main.ts",
  "test/_responses-host.ts", "test/host.test.ts", "test/responses-errors.test.ts", "test/responses-ws.test.ts", "test/responses.test.ts",
  "tsconfig.json", "vitest.config.ts",
];

describe("generateProject", () => {
  it("gives byte-identical output for equal answers, sorted by path", async () => {
    const first = await generateProject(full);
    const second = await generateProject({ ...full, channels: ["invocations", "responses", "invocations"] });
    expect(second).toEqual(first);
    expect(first.map((file) => file.path)).toEqual(first.map((file) => file.path).sort());
  });

  it("generates the minimal project (responses, agent, none, file)", async () => {
    const paths = (await generateProject(minimal)).map((file) => file.path);
    // Channel test helpers come and go with the templates; compare against them rather than a frozen list.
    expect(paths.filter((path) => !path.startsWith("test/responses") && !path.startsWith("src/channels/responses-"))).toEqual(
      MINIMAL_FILES.filter((path) => !path.startsWith("test/responses") && !path.startsWith("src/channels/responses-")),
    );
    expect(paths).toEqual(expect.arrayContaining(["src/channels/responses.ts", "test/responses.test.ts"]));
  });

  it("generates the full project with every channel's src/ and test/ copied verbatim", async () => {
    const files = await generateProject(full);
    for (const id of full.channels) {
      const spec = catalog.channels[id];
      expect(files.map((file) => file.path)).toContain(`src/channels/${spec.module}`);
      expect(files.map((file) => file.path)).toContain(spec.test);
      expect(fileOf(files, `src/channels/${spec.module}`)).toBe(await readFile(join(REPO_ROOT, spec.templateDir, "src/channels", spec.module), "utf8"));
    }
    expect(fileOf(files, "src/agent.ts")).toBe(await readFile(join(REPO_ROOT, catalog.models.openai.agentFile), "utf8"));
    expect(files.some((file) => file.path.includes("README.md") && file.path !== "README.md")).toBe(false);
  });

  it("writes src/host.ts with one import per channel and one channels array", async () => {
    const host = fileOf(await generateProject(full), "src/host.ts");
    expect(host.match(/^import .* from "\.\/channels\/.*";$/gm)).toEqual([
      'import { responsesChannel } from "./channels/responses.ts";',
      'import { invocationsChannel } from "./channels/invocations.ts";',
    ]);
    expect(host.match(/channels: \[.*\]/g)).toEqual(["channels: [responsesChannel(), invocationsChannel()]"]);
    expect(host).toContain(`store: overrides.store ?? ${catalog.storages.file.storeExpression},`);
    expect(fileOf(await generateProject(workflow), "src/host.ts")).toContain("store: overrides.store ?? memoryStore(),");
  });

  it("takes package.json dependencies from versions.ts only, plus the runtime spec", async () => {
    for (const answers of [minimal, full, workflow]) {
      const pkg = JSON.parse(fileOf(await generateProject(answers, { runtimeSpec: "file:../agent-host.tgz" }), "package.json"));
      expect(pkg.dependencies["agent-host"]).toBe("file:../agent-host.tgz");
      const { parts } = chosenEntries(answers);
      const expected = (key: "dependencies" | "devDependencies") => [...new Set(parts.flatMap((part) => part[key]))].sort();
      expect(Object.keys(pkg.devDependencies)).toEqual(expected("devDependencies"));
      expect(Object.keys(pkg.dependencies).filter((name) => name !== "agent-host")).toEqual(expected("dependencies"));
      for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
        if (name !== "agent-host") expect(version).toBe(versions[name as keyof typeof versions]);
      }
      expect(pkg.scripts).toMatchObject({ test: "node scripts/check-node.js && vitest run", typecheck: "tsc --noEmit" });
      expect(pkg.engines.node).toBe(">=22.18");
    }
    const pkg = JSON.parse(fileOf(await generateProject(minimal), "package.json"));
    expect(pkg.dependencies["agent-host"]).toMatch(/^file:vendor\/agent-host-\d+\.\d+\.\d+.*\.tgz$/);
  });

  it("gives the workflow target its own files and no model dependencies", async () => {
    const files = await generateProject(workflow);
    const pkg = JSON.parse(fileOf(files, "package.json"));
    expect(Object.keys(pkg.dependencies).filter((name) => name === "ai" || name.startsWith("@ai-sdk/"))).toEqual([]);
    expect(fileOf(files, "src/agent.ts")).toBe(await readFile(join(REPO_ROOT, "templates/targets/workflow/src/agent.ts"), "utf8"));
    expect(fileOf(files, "test/agent.test.ts")).toBe(await readFile(join(REPO_ROOT, "templates/targets/workflow/test/agent.test.ts"), "utf8"));
    expect(JSON.parse(fileOf(files, "agent-host.json")).answers.model).toBe("none");
    expect(fileOf(files, ".env.example")).not.toContain("OPENAI_API_KEY");
  });

  it("lists every env var of the chosen entries in .env.example and the README, secrets empty", async () => {
    for (const answers of [minimal, full, workflow]) {
      const files = await generateProject(answers);
      const example = fileOf(files, ".env.example");
      for (const envVar of mergeEnv(chosenEntries(answers).parts)) {
        expect(example).toMatch(new RegExp(`^(# )?${envVar.name}=${envVar.secret ? "$" : ""}`, "m"));
        expect(fileOf(files, "README.md")).toContain(`| \`${envVar.name}\` |`);
      }
      const names = [...example.matchAll(/^(?:# )?([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]);
      expect(new Set(names).size).toBe(names.length);
    }
  });

  it("renders the wiring without handlebars leftovers, HTML escapes or machine paths", async () => {
    for (const file of await generateProject(full)) {
      if (typeof file.content !== "string") continue;
      expect(file.content, file.path).not.toMatch(/\{\{|&#x|&amp;|&quot;|&lt;|&gt;/);
      expect(file.content, file.path).not.toContain(REPO_ROOT);
      expect(file.content, file.path).not.toContain(tmpdir());
    }
  });

  it("renames _gitignore and renders the README with each channel's set-up section", async () => {
    const files = await generateProject(full);
    expect(fileOf(files, ".gitignore").split("\n")).toEqual(expect.arrayContaining(["node_modules/", ".env", ".agent-host/"]));
    expect(files.some((file) => file.path.endsWith("_gitignore") || file.path.endsWith(".hbs"))).toBe(false);
    const readme = fileOf(files, "README.md");
    for (const id of full.channels) {
      const channel: ChannelSpec = catalog.channels[id];
      if (channel.example) expect(readme).toContain(`curl -s http://127.0.0.1:8787${channel.example.path}`);
    }
    expect(readme).toMatch(/^### invocations/m);
  });

  it("rejects invalid answers with the reason", async () => {
    await expect(generateProject({ ...minimal, name: "Not Valid" })).rejects.toThrow(/valid npm package name/);
    await expect(generateProject({ ...minimal, channels: [] })).rejects.toThrow(/at least one channel/);
  });
});
