// `npm run snapshots:update`: regenerate every golden tree in snapshots/ from fixtures/answers.
// Run it on purpose after a template change, then read the git diff before committing it.
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { answersSchema } from "../generators/answers.ts";
import { generateProject } from "../generators/project.ts";

const root = resolve(import.meta.dirname, "..");
const fixtures = join(root, "fixtures", "answers");
for (const file of (await readdir(fixtures)).filter((f) => f.endsWith(".json")).sort()) {
  const name = file.slice(0, -5);
  const answers = answersSchema.parse(JSON.parse(await readFile(join(fixtures, file), "utf8")));
  const target = join(root, "snapshots", name);
  await rm(target, { recursive: true, force: true });
  const files = (await generateProject(answers)).filter((f) => !f.path.startsWith("vendor/"));
  for (const generated of files) {
    const path = join(target, generated.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, generated.content);
  }
  console.log(`snapshots/${name}: ${files.length} files`);
}
