// The public API of every entry point matches its checked-in report in runtime/api/: a change to what
// agent-host exports is made on purpose (`npm run api:update`) and shows up in review as a diff.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { API_DIR, apiReports, type EntryPoint } from "../../scripts/_api-report.ts";

const UPDATE = "If the change is intended, run `npm run api:update` and commit runtime/api/.";

describe("API report", () => {
  let reports: Map<EntryPoint, string[]>;

  it("every entry point's exports match runtime/api/<entry>.api.txt", async () => {
    reports = await apiReports();
    const problems: string[] = [];
    for (const [entry, lines] of reports) {
      const text = await readFile(join(API_DIR, entry.report), "utf8").catch(() => undefined);
      if (text === undefined) {
        problems.push(`${entry.specifier}: no report runtime/api/${entry.report}`);
        continue;
      }
      const checkedIn = new Set(text.split("\n").filter(Boolean));
      const current = new Set(lines);
      const added = lines.filter((line) => !checkedIn.has(line));
      const removed = [...checkedIn].filter((line) => !current.has(line));
      if (added.length > 0) problems.push(`${entry.specifier}: added ${added.join(", ")}`);
      if (removed.length > 0) problems.push(`${entry.specifier}: removed ${removed.join(", ")}`);
    }
    expect(problems, `the public API changed:\n  ${problems.join("\n  ")}\n${UPDATE}`).toEqual([]);
  }, 30_000);

  it("runtime/api/ has no report for an entry point package.json no longer exports", async () => {
    const known = new Set([...(reports ?? (await apiReports())).keys()].map((entry) => entry.report));
    const stale = (await readdir(API_DIR)).filter((file) => file.endsWith(".api.txt") && !known.has(file));
    expect(stale, UPDATE).toEqual([]);
  }, 30_000);
});
