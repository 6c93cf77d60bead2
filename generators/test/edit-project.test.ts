// add-channel / remove-channel planned on in-memory projects: adding any catalog channel gives the
// same bytes as generating the combination from scratch, removing it gives the original back, reruns
// change nothing, and the user's edits (files, README, package.json, .env) survive.
import { describe, expect, it } from "vitest";
import { CHANNEL_IDS, catalog } from "../catalog.ts";
import { hashContent, MANIFEST_PATH } from "../manifest.ts";
import { planChannelEdit } from "../edit-project.ts";
import { memoryReader } from "../project-reader.ts";
import { differences, edit, generated, otherThan, text } from "./_edit.ts";
import { minimal } from "./_helpers.ts";

describe.each(CHANNEL_IDS.map((id) => [id]))("channel %s", (id) => {
  const start = { ...minimal, channels: [otherThan(id)] };

  it("added to a project: byte for byte the project generated with it; removed: the original again", async () => {
    const tree = await generated(start);
    const original = new Map(tree);
    const added = await edit(tree, { add: [id] });
    expect(added.status).toBe("updated");
    expect(differences(tree, await generated({ ...start, channels: [...start.channels, id] }))).toEqual([]);

    const removed = await edit(tree, { remove: [id] });
    expect(removed.status).toBe("updated");
    expect(removed.kept).toEqual([]);
    expect(differences(tree, original)).toEqual([]);
  });
});

describe("add-channel", () => {
  it("a second run is `none` and changes nothing", async () => {
    const tree = await generated(minimal);
    const id = otherThan(minimal.channels[0]!);
    await edit(tree, { add: [id] });
    const again = await planChannelEdit(memoryReader(tree), { add: [id] });
    expect(again.status).toBe("none");
    expect(again.files).toEqual([]);
    expect(again.message).toContain(`${id} is already in this project`);
  });

  it("several channels at once land in catalog order, as a fresh project has them", async () => {
    const last = CHANNEL_IDS.at(-1)!;
    const tree = await generated({ ...minimal, channels: [last] });
    const others = CHANNEL_IDS.filter((id) => id !== last).reverse();
    await edit(tree, { add: others });
    expect(differences(tree, await generated({ ...minimal, channels: [...CHANNEL_IDS] }))).toEqual([]);
  });

  it("merges into files the user edited: README notes, package.json packages, .env values stay", async () => {
    const id = otherThan(minimal.channels[0]!);
    const tree = await generated(minimal);
    tree.set("README.md", `${text(tree, "README.md")}\n## Our deployment\n\nWe run it on the blue server.\n`);
    const pkg = JSON.parse(text(tree, "package.json"));
    // As `npm install left-pad` leaves it: sorted by name.
    pkg.dependencies = Object.fromEntries(Object.entries({ ...pkg.dependencies, "left-pad": "^1.3.0" }).sort(([a], [b]) => (a < b ? -1 : 1)));
    pkg.scripts.deploy = "./deploy.sh";
    tree.set("package.json", `${JSON.stringify(pkg, null, 2)}\n`);
    tree.set(".env", "PORT=9000\nAGENT_HOST_API_KEY=secret-of-mine\n");
    const before = new Map(tree);

    const plan = await edit(tree, { add: [id] });
    const fresh = await generated({ ...minimal, channels: [...minimal.channels, id] });
    expect(text(tree, "README.md")).toBe(`${text(fresh, "README.md")}\n## Our deployment\n\nWe run it on the blue server.\n`);
    const merged = JSON.parse(text(tree, "package.json"));
    expect(merged.dependencies["left-pad"]).toBe("^1.3.0");
    expect(merged.scripts.deploy).toBe("./deploy.sh");
    for (const name of catalog.channels[id].dependencies) expect(merged.dependencies[name]).toBeDefined();
    expect(Object.keys(merged.dependencies)).toEqual(Object.keys(merged.dependencies).sort());
    expect(text(tree, ".env").startsWith("PORT=9000\nAGENT_HOST_API_KEY=secret-of-mine\n")).toBe(true);
    expect(plan.files.find((file) => file.path === "README.md")?.merged).toBe(true);

    // Edited files stay "edited" in agent-host.json: their recorded hash is the generated one.
    await edit(tree, { remove: [id] });
    expect(differences(tree, before)).toEqual([]);
  });

  it("wires the channel into a host.ts the user edited, and remove gives their file back (manifest too)", async () => {
    const id = otherThan(minimal.channels[0]!);
    const tree = await generated(minimal);
    const factory = catalog.channels[minimal.channels[0]!].factory;
    const host = text(tree, "src/host.ts")
      .replace('import { target } from "./agent.ts";', 'import { target } from "./agent.ts";\nimport { auditHook } from "./audit.ts"; // ours')
      .replace(`channels: [${factory}()],`, `channels: [${factory}({ runHook: auditHook })],\n    maxBodyBytes: 2_000_000, // ours`);
    tree.set("src/host.ts", host);
    const original = new Map(tree);
    const plan = await edit(tree, { add: [id] });
    expect(plan.files.find((file) => file.path === "src/host.ts")?.merged).toBe(true);
    expect(text(tree, "src/host.ts")).toContain(`channels: [${factory}({ runHook: auditHook }), ${catalog.channels[id].factory}()],`);
    expect(text(tree, "src/host.ts")).toContain("maxBodyBytes: 2_000_000, // ours");
    await edit(tree, { remove: [id] });
    expect(differences(tree, original)).toEqual([]);
  });

  it("a channel file the user already has is kept unless --force", async () => {
    const id = otherThan(minimal.channels[0]!);
    const tree = await generated(minimal);
    const path = `src/channels/${catalog.channels[id].module}`;
    tree.set(path, "// my own file with that name\n");
    const plan = await edit(tree, { add: [id] });
    expect(plan.kept).toEqual([{ path, reason: expect.stringContaining("--force") }]);
    expect(text(tree, path)).toBe("// my own file with that name\n");

    const forced = await generated(minimal);
    forced.set(path, "// my own file with that name\n");
    await edit(forced, { add: [id], force: true });
    expect(differences(forced, await generated({ ...minimal, channels: [...minimal.channels, id] }))).toEqual([]);
  });

  it("reports a change it cannot apply where the user edited the same lines, and keeps the user's lines", async () => {
    const id = otherThan(minimal.channels[0]!);
    const tree = await generated(minimal);
    const readme = text(tree, "README.md").split("\n");
    readme[2] = "Our own description of this agent.";
    tree.set("README.md", readme.join("\n"));
    const plan = await edit(tree, { add: [id] });
    expect(text(tree, "README.md").split("\n")[2]).toBe("Our own description of this agent.");
    expect(plan.notes.join("\n")).toMatch(/README\.md: 1 change of the update touch lines you edited/);
    expect(text(tree, "README.md")).toContain(`### ${id}`);
  });

  it("a project from another generator version: its files merge, stay pristine, and its own files stay recorded", async () => {
    const id = otherThan(minimal.channels[0]!);
    const tree = await generated(minimal);
    // As an older create-agent-host wrote it: other README wording, a helper file this one does not make.
    const readme = text(tree, "README.md").replace("## How to test", "## Testing");
    tree.set("README.md", readme);
    tree.set("test/_old-helper.ts", "// old\n");
    const manifest = JSON.parse(text(tree, MANIFEST_PATH));
    manifest.generator = "create-agent-host@0.0.1";
    manifest.files["README.md"] = hashContent(readme);
    manifest.files["test/_old-helper.ts"] = hashContent("// old\n");
    tree.set(MANIFEST_PATH, `${JSON.stringify(manifest, null, 2)}\n`);

    await edit(tree, { add: [id] });
    expect(text(tree, "README.md")).toContain("## Testing");
    expect(text(tree, "README.md")).toContain(`### ${id}`);
    const after = JSON.parse(text(tree, MANIFEST_PATH));
    for (const path of ["README.md", "test/_old-helper.ts", "src/host.ts"]) expect(after.files[path], path).toBe(hashContent(tree.get(path)!));
  });

  it("a project without agent-host.json is refused", async () => {
    const tree = await generated(minimal);
    tree.delete(MANIFEST_PATH);
    await expect(planChannelEdit(memoryReader(tree), { add: ["invocations"] })).rejects.toThrow(/agent-host\.json not found/);
  });
});

describe("remove-channel", () => {
  const both = { ...minimal, channels: [...CHANNEL_IDS.slice(0, 2)] };
  const [keep, drop] = both.channels as [(typeof CHANNEL_IDS)[number], (typeof CHANNEL_IDS)[number]];

  it("keeps the files the user edited (and their packages), and deletes them with --force", async () => {
    const tree = await generated(both);
    const path = `src/channels/${catalog.channels[drop].module}`;
    tree.set(path, `${text(tree, path)}// my tweak\n`);
    const plan = await edit(tree, { remove: [drop] });
    expect(plan.kept).toEqual([{ path, reason: expect.stringContaining("you edited it") }]);
    expect(text(tree, path)).toContain("// my tweak");
    expect(text(tree, "src/host.ts")).not.toContain(catalog.channels[drop].factory);
    const pkg = JSON.parse(text(tree, "package.json"));
    for (const name of catalog.channels[drop].dependencies) expect(pkg.dependencies[name]).toBeDefined();
    expect(JSON.parse(text(tree, MANIFEST_PATH)).files[path]).toBeUndefined();

    const forced = await generated(both);
    forced.set(path, `${text(forced, path)}// my tweak\n`);
    const forcedPlan = await edit(forced, { remove: [drop], force: true });
    expect(forcedPlan.kept).toEqual([]);
    expect(differences(forced, await generated({ ...both, channels: [keep] }))).toEqual([]);
  });

  it("refuses to remove the last channel", async () => {
    const tree = await generated(minimal);
    const plan = await planChannelEdit(memoryReader(tree), { remove: [...minimal.channels] });
    expect(plan.status).toBe("failure");
    expect(plan.message).toMatch(/without a channel/);
    expect(plan.files).toEqual([]);
  });

  it("a channel that is not in the project is `none`", async () => {
    const tree = await generated(minimal);
    const plan = await planChannelEdit(memoryReader(tree), { remove: [otherThan(minimal.channels[0]!)] });
    expect(plan.status).toBe("none");
    expect(plan.message).toMatch(/is not in this project/);
  });

  it("removes the settings it added to .env, but not values the user filled in", async () => {
    const tree = await generated(minimal);
    tree.set(".env", "PORT=9000\n");
    const id = CHANNEL_IDS.find((other) => !minimal.channels.includes(other) && catalog.channels[other].env.some((envVar) => envVar.name !== "AGENT_HOST_API_KEY"));
    if (!id) return; // only channels whose settings the start project already has
    await edit(tree, { add: [id] });
    const names = catalog.channels[id].env.map((envVar) => envVar.name).filter((name) => name !== "AGENT_HOST_API_KEY");
    for (const name of names) expect(text(tree, ".env")).toContain(`${name}=`);
    await edit(tree, { remove: [id] });
    expect(text(tree, ".env")).toBe("PORT=9000\n");
  });
});

describe("src/host.ts restructured by hand", () => {
  it("is a failure with the lines to add by hand, and nothing is written", async () => {
    const id = otherThan(minimal.channels[0]!);
    const tree = await generated(minimal);
    const factory = catalog.channels[minimal.channels[0]!].factory;
    tree.set("src/host.ts", text(tree, "src/host.ts").replace(`channels: [${factory}()],`, "channels,").replace("export function createHost", `const channels = [${factory}()];\n\nexport function createHost`));
    const plan = await planChannelEdit(memoryReader(tree), { add: [id] });
    expect(plan.status).toBe("failure");
    expect(plan.files).toEqual([]);
    expect(plan.message).toContain(`import { ${catalog.channels[id].factory} } from "./channels/${catalog.channels[id].module}";`);
    expect(plan.message).toContain("Nothing was written");
  });
});
