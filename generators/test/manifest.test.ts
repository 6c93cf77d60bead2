// agent-host.json: hashes match the generated contents, and diffAgainstManifest tells pristine,
// edited and missing files apart in a written project.
import { mkdtemp, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { diffAgainstManifest, hashContent, MANIFEST_PATH, readManifest } from "../manifest.ts";
import { generateProject } from "../project.ts";
import { packageVersion } from "../repo.ts";
import { writeProject } from "../write.ts";
import { fileOf, full, workflow } from "./_helpers.ts";

const parent = await mkdtemp(join(tmpdir(), "manifest-test-"));
afterAll(() => rm(parent, { recursive: true, force: true }));

describe("agent-host.json", () => {
  it("records the generator, the normalized answers and a hash of every other file", async () => {
    const files = await generateProject({ ...workflow, channels: ["responses", "invocations"] });
    const manifest = JSON.parse(fileOf(files, MANIFEST_PATH));
    expect(manifest.generator).toBe(`create-agent-host@${await packageVersion("cli")}`);
    expect(manifest.answers).toEqual({ ...workflow, model: "none", channels: ["responses", "invocations"] });
    const others = files.filter((file) => file.path !== MANIFEST_PATH);
    expect(Object.keys(manifest.files)).toEqual(others.map((file) => file.path));
    for (const file of others) expect(manifest.files[file.path]).toBe(hashContent(file.content));
  });

  it("hashes strings as UTF-8, the same as their bytes", () => {
    expect(hashContent("é\n")).toBe(hashContent(new TextEncoder().encode("é\n")));
    expect(hashContent("")).toBe("sha256-e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("tells pristine, edited and missing files apart", async () => {
    const dir = join(parent, "project");
    await writeProject(await generateProject(full), dir);
    expect(new Set((await diffAgainstManifest(dir)).map((entry) => entry.state))).toEqual(new Set(["pristine"]));

    await writeFile(join(dir, "src/agent.ts"), `${await readFile(join(dir, "src/agent.ts"), "utf8")}// mine\n`);
    await unlink(join(dir, "README.md"));
    const states = Object.fromEntries((await diffAgainstManifest(dir)).map((entry) => [entry.path, entry.state]));
    expect(states["src/agent.ts"]).toBe("edited");
    expect(states["README.md"]).toBe("missing");
    expect(states["src/host.ts"]).toBe("pristine");
    expect(states[MANIFEST_PATH]).toBeUndefined();
  });

  it("explains a missing or broken manifest", async () => {
    await expect(readManifest(join(parent, "nowhere"))).rejects.toThrow(/does not exist: run this inside a project made by create-agent-host/);
    const dir = await mkdtemp(join(parent, "broken-"));
    await writeFile(join(dir, MANIFEST_PATH), "{");
    await expect(readManifest(dir)).rejects.toThrow(/not valid JSON/);
    await writeFile(join(dir, MANIFEST_PATH), JSON.stringify({ generator: "x", answers: full, files: { "../outside": `sha256-${"0".repeat(64)}` } }));
    await expect(readManifest(dir)).rejects.toThrow(/outside the project/);
  });
});
