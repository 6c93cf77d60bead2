// `npm run api:update`: rewrite runtime/api/<entry>.api.txt from the runtime's entry points. Run it on
// purpose after changing the public API, then read `git diff runtime/api` before committing it.
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { API_DIR, apiReports, reportText } from "./_api-report.ts";

await mkdir(API_DIR, { recursive: true });
const reports = await apiReports();
const current = new Set([...reports.keys()].map((entry) => entry.report));
for (const stale of (await readdir(API_DIR)).filter((file) => file.endsWith(".api.txt") && !current.has(file))) {
  await rm(join(API_DIR, stale));
  console.log(`runtime/api/${stale}: removed (no such entry point)`);
}
for (const [entry, lines] of reports) {
  await writeFile(join(API_DIR, entry.report), reportText(lines));
  console.log(`runtime/api/${entry.report}: ${lines.length} exports of ${entry.specifier}`);
}
