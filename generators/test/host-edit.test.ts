// src/host.ts edited through ts-morph: on a generated file the edit gives exactly what generating the
// combination gives; on a file the user changed, their imports, comments, options and layout survive
// add + remove byte for byte; a file it cannot edit safely is refused with the lines to change.
import { describe, expect, it } from "vitest";
import { CHANNEL_IDS, type ChannelId, catalog } from "../catalog.ts";
import { editHost, type HostEdit } from "../host-edit.ts";
import { generated, otherThan, text } from "./_edit.ts";
import { minimal } from "./_helpers.ts";

const wiring = (id: ChannelId) => ({ id, factory: catalog.channels[id].factory, module: catalog.channels[id].module });
const order = CHANNEL_IDS.map(wiring);
const hostOf = async (channels: ChannelId[]) => text(await generated({ ...minimal, channels }), "src/host.ts");

function ok(edit: HostEdit): string {
  if (!edit.ok) throw new Error(edit.message);
  return edit.text;
}

describe.each(CHANNEL_IDS.map((id) => [id]))("channel %s", (id) => {
  it("wired into a generated host.ts: the same bytes as generating it with the channel, and back", async () => {
    const start = [otherThan(id)];
    const original = await hostOf(start);
    const added = ok(await editHost(original, { add: [wiring(id)], order }));
    expect(added).toBe(await hostOf([...start, id]));
    expect(ok(await editHost(added, { remove: [wiring(id)], order }))).toBe(original);
  });
});

describe("a host.ts the user edited", () => {
  const [first, second] = [CHANNEL_IDS[0], CHANNEL_IDS[1]] as [ChannelId, ChannelId];
  const factory = catalog.channels[first].factory;

  async function edited(): Promise<string> {
    return (await hostOf([first]))
      .replace('import { target } from "./agent.ts";', 'import { target } from "./agent.ts";\nimport { auditHook } from "./audit.ts"; // our audit log')
      .replace(`channels: [${factory}()],`, `// Our channels: the first one on a custom path.\n    channels: [\n      ${factory}({ path: "/custom", runHook: auditHook }),\n    ],\n    maxBodyBytes: 2_000_000,`);
  }

  it("keeps the user's imports, comments, options and one-per-line layout through add + remove", async () => {
    const mine = await edited();
    const added = ok(await editHost(mine, { add: [wiring(second)], order }));
    expect(added).toContain('import { auditHook } from "./audit.ts"; // our audit log');
    expect(added).toContain(`      ${factory}({ path: "/custom", runHook: auditHook }),\n      ${catalog.channels[second].factory}(),\n    ],`);
    expect(added).toContain(`import { ${catalog.channels[second].factory} } from "./channels/${catalog.channels[second].module}";`);
    expect(ok(await editHost(added, { remove: [wiring(second)], order }))).toBe(mine);
  });

  it("removes a channel whose call has options, and its import", async () => {
    const mine = await edited();
    const both = ok(await editHost(mine, { add: [wiring(second)], order }));
    const removed = ok(await editHost(both, { remove: [wiring(first)], order }));
    expect(removed).not.toContain(factory);
    expect(removed).toContain('import { auditHook } from "./audit.ts"; // our audit log');
    expect(removed).toContain(`channels: [\n      ${catalog.channels[second].factory}(),\n    ],`);
  });

  it("keeps Windows line endings", async () => {
    const crlf = (await hostOf([first])).replaceAll("\n", "\r\n");
    const added = ok(await editHost(crlf, { add: [wiring(second)], order }));
    expect(added.replaceAll("\r\n", "")).not.toContain("\n");
    expect(ok(await editHost(added, { remove: [wiring(second)], order }))).toBe(crlf);
  });

  it("a channel already wired by hand is left as it is", async () => {
    const done = await hostOf([first, second]);
    expect(ok(await editHost(done, { add: [wiring(second)], order }))).toBe(done);
  });
});

describe("a host.ts it cannot edit safely", () => {
  const [first, second] = [CHANNEL_IDS[0], CHANNEL_IDS[1]] as [ChannelId, ChannelId];
  const factory = catalog.channels[first].factory;
  const restructured = async () =>
    (await hostOf([first])).replace(`channels: [${factory}()],`, "channels,").replace("export function createHost", `const channels = [${factory}()];\n\nexport function createHost`);

  it("without a `channels: [...]` array: refused, naming the two lines to add by hand", async () => {
    const edit = await editHost(await restructured(), { add: [wiring(second)], order });
    expect(edit.ok).toBe(false);
    if (edit.ok) return;
    expect(edit.message).toContain("no `channels: [...]` array");
    expect(edit.message).toContain(`import { ${catalog.channels[second].factory} } from "./channels/${catalog.channels[second].module}";`);
    expect(edit.message).toContain(`${catalog.channels[second].factory}()`);
  });

  it("a channel used outside the array: refused, naming the lines to remove by hand", async () => {
    const edit = await editHost(await restructured(), { remove: [wiring(first)], order });
    expect(edit.ok).toBe(false);
    if (edit.ok) return;
    expect(edit.message).toMatch(new RegExp(`line \\d+: import \\{ ${factory} \\}`));
    expect(edit.message).toMatch(new RegExp(`line \\d+: const channels = \\[${factory}\\(\\)\\];`));
  });

  it("once the user wired it by hand, add-channel goes on (the host is left alone)", async () => {
    const byHand = (await restructured()).replace(`const channels = [${factory}()];`, `const channels = [${factory}(), ${catalog.channels[second].factory}()];`);
    const withImport = byHand.replace('import { target } from "./agent.ts";', `import { target } from "./agent.ts";\nimport { ${catalog.channels[second].factory} } from "./channels/${catalog.channels[second].module}";`);
    expect(ok(await editHost(withImport, { add: [wiring(second)], order }))).toBe(withImport);
  });
});
