// Channel templates share a project's src/channels/ and test/ folders, so every file a channel ships
// is named after it (`telegram-*.ts`, `_telegram-host.ts`): two channels can never write the same path.
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CHANNEL_IDS, channels } from "../catalog.ts";
import { REPO_ROOT } from "../repo.ts";

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe("channel template file names", () => {
  it.each(CHANNEL_IDS)("%s: every src/ and test/ file starts with the channel id", async (id) => {
    const root = join(REPO_ROOT, channels[id].templateDir);
    const files = [...(await filesUnder(join(root, "src"))), ...(await filesUnder(join(root, "test")))];
    expect(files.length).toBeGreaterThan(0);
    const stray = files.map((file) => file.slice(root.length + 1)).filter((file) => {
      const name = file.split("/").at(-1) ?? "";
      return !name.startsWith(id) && !name.startsWith(`_${id}`);
    });
    expect(stray, `rename these to ${id}-….ts or _${id}-….ts`).toEqual([]);
  });
});
