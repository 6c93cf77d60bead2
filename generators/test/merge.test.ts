// The merges add-channel and remove-channel use on files the user edited: lines (diff3), package.json
// key by key, and the user's .env block by block.
import { describe, expect, it } from "vitest";
import type { EnvVar } from "../catalog.ts";
import { addEnvVars, removeEnvVars } from "../merge-env.ts";
import { mergeLines } from "../merge-lines.ts";
import { mergePackageJson } from "../merge-package.ts";

const lines = (...items: string[]) => `${items.join("\n")}\n`;

describe("mergeLines", () => {
  const base = lines("a", "b", "c", "d", "e", "f", "g");

  it("applies the generator's change next to the user's, far enough apart", () => {
    const ours = lines("a", "mine", "b", "c", "d", "e", "f", "g");
    const theirs = lines("a", "b", "c", "d", "e", "f", "new", "g");
    expect(mergeLines(base, ours, theirs)).toEqual({ text: lines("a", "mine", "b", "c", "d", "e", "f", "new", "g"), conflicts: [] });
  });

  it("takes a removal, and the same change made on both sides once", () => {
    const theirs = lines("a", "b", "e", "f", "g");
    expect(mergeLines(base, lines("a", "b", "c", "d", "e", "f", "g", "end"), theirs).text).toBe(lines("a", "b", "e", "f", "g", "end"));
    expect(mergeLines(base, theirs, theirs)).toEqual({ text: theirs, conflicts: [] });
  });

  it("keeps the user's lines where both changed the same place, and reports it", () => {
    const ours = lines("a", "b", "MINE", "d", "e", "f", "g");
    const theirs = lines("a", "b", "THEIRS", "d", "e", "f", "g");
    expect(mergeLines(base, ours, theirs)).toEqual({ text: ours, conflicts: [{ base: ["c"], theirs: ["THEIRS"], ours: ["MINE"] }] });
  });
});

describe("mergePackageJson", () => {
  const pkg = (deps: Record<string, string>, extra: Record<string, unknown> = {}) => `${JSON.stringify({ name: "x", ...extra, dependencies: deps }, null, 2)}\n`;
  const base = pkg({ "agent-host": "^1.0.0", hono: "^4.0.0" });
  const theirs = pkg({ "agent-host": "^1.0.0", grammy: "^1.0.0", hono: "^4.0.0" });

  it("adds the new package in name order, keeping the user's packages and indentation", () => {
    const ours = JSON.stringify({ name: "x", dependencies: { "agent-host": "^1.0.0", hono: "^4.0.0", zeta: "^2.0.0" } }, null, "\t");
    const merged = mergePackageJson(base, ours, theirs)!;
    expect(merged.text).toBe(JSON.stringify({ name: "x", dependencies: { "agent-host": "^1.0.0", grammy: "^1.0.0", hono: "^4.0.0", zeta: "^2.0.0" } }, null, "\t"));
    expect(merged.added).toEqual(["grammy"]);
  });

  it("removes a package only at the version it added, unless kept", () => {
    expect(mergePackageJson(theirs, theirs, base)!.removed).toEqual(["grammy"]);
    const bumped = mergePackageJson(theirs, pkg({ "agent-host": "^1.0.0", grammy: "^1.5.0", hono: "^4.0.0" }), base)!;
    expect(bumped.removed).toEqual([]);
    expect(bumped.notes.join()).toMatch(/kept grammy@\^1\.5\.0/);
    expect(mergePackageJson(theirs, theirs, base, new Set(["grammy"]))!.text).toBe(theirs);
  });

  it("changes another field only where the user left the generated value", () => {
    const [from, to] = [pkg({}, { description: "One agent on A." }), pkg({}, { description: "One agent on A and B." })];
    expect(JSON.parse(mergePackageJson(from, from, to)!.text).description).toBe("One agent on A and B.");
    expect(JSON.parse(mergePackageJson(from, pkg({}, { description: "Ours." }), to)!.text).description).toBe("Ours.");
  });

  it("gives up on a file that is not a JSON object", () => {
    expect(mergePackageJson(base, "{ broken", theirs)).toBeUndefined();
  });
});

describe(".env", () => {
  const token: EnvVar = { name: "BOT_TOKEN", required: true, secret: true, help: "The bot's token." };
  const optional: EnvVar = { name: "BOT_MODE", required: false, secret: false, help: "Mode." };

  it("appends what is missing in the .env.example format, never touching a value, and removes it again", () => {
    const mine = "PORT=9000\nBOT_MODE=fast";
    const added = addEnvVars(mine, [token, optional]);
    expect(added.text).toBe("PORT=9000\nBOT_MODE=fast\n\n# The bot's token. (required) (secret)\nBOT_TOKEN=\n");
    expect(added.changed).toEqual(["BOT_TOKEN"]);
    expect(removeEnvVars(added.text, [token]).text).toBe("PORT=9000\nBOT_MODE=fast\n");
  });

  it("keeps a setting the user filled in, and says so", () => {
    const removed = removeEnvVars("PORT=9000\n\n# The bot's token. (required) (secret)\nBOT_TOKEN=123:abc\n", [token]);
    expect(removed.text).toContain("BOT_TOKEN=123:abc");
    expect(removed.notes.join()).toMatch(/kept BOT_TOKEN/);
  });
});
