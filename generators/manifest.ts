// agent-host.json: the generator version, the answers and a sha256 of every generated file, so later
// runs (add-channel, remove-channel) can tell pristine files from the ones the user edited.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import * as z from "zod/mini";
import { answersSchema, type Answers } from "./answers.ts";
import { comparePaths, type GeneratedFile } from "./tree.ts";

export const MANIFEST_PATH = "agent-host.json";

const manifestSchema = z.object({
  generator: z.string().check(z.minLength(1)),
  answers: answersSchema,
  files: z.record(z.string(), z.string().check(z.regex(/^sha256-[0-9a-f]{64}$/, "expected sha256-<64 hex digits>"))),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type FileState = "pristine" | "edited" | "missing";

/** `sha256-<hex>` of the file's bytes (strings hash as UTF-8). */
export function hashContent(content: string | Uint8Array): string {
  return `sha256-${createHash("sha256").update(content).digest("hex")}`;
}

/** The manifest file for `files` (which must not include it), with keys in a fixed order. */
export function createManifest(files: readonly GeneratedFile[], generator: string, answers: Answers): GeneratedFile {
  return manifestFile({ generator, answers, files: Object.fromEntries(files.map((file) => [file.path, hashContent(file.content)])) });
}

/** agent-host.json for a manifest: keys in a fixed order, files sorted by path (create and edit runs write the same bytes). */
export function manifestFile(manifest: Manifest): GeneratedFile {
  const { name, target, model, channels, auth, storage } = manifest.answers;
  const files = Object.fromEntries(Object.entries(manifest.files).sort(([a], [b]) => comparePaths(a, b)));
  const ordered: Manifest = { generator: manifest.generator, answers: { name, target, model, channels, auth, storage }, files };
  return { path: MANIFEST_PATH, content: `${JSON.stringify(ordered, null, 2)}\n` };
}

/** Reads and validates `<projectDir>/agent-host.json`. */
export async function readManifest(projectDir: string): Promise<Manifest> {
  const file = join(projectDir, MANIFEST_PATH);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new Error(`${file} does not exist: run this inside a project made by create-agent-host.`);
    throw error;
  }
  return parseManifest(text, file);
}

/** Validates the text of a manifest; `file` names it in the errors. */
export function parseManifest(text: string, file: string): Manifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${(error as Error).message}); restore it from version control.`);
  }
  const result = manifestSchema.safeParse(parsed);
  if (!result.success) throw new Error(`${file} is not a create-agent-host manifest: ${z.prettifyError(result.error)}\nRestore it from version control.`);
  for (const path of Object.keys(result.data.files)) {
    if (isAbsolute(path) || path.split(/[\\/]/).includes("..")) throw new Error(`${file} lists "${path}", which is outside the project; restore the file from version control.`);
  }
  return result.data;
}

/** Each file the manifest lists, compared with what is on disk now. Sorted by path. */
export async function diffAgainstManifest(projectDir: string): Promise<Array<{ path: string; state: FileState }>> {
  const manifest = await readManifest(projectDir);
  const entries = Object.entries(manifest.files).sort(([a], [b]) => comparePaths(a, b));
  return Promise.all(
    entries.map(async ([path, hash]) => {
      try {
        const state: FileState = hashContent(await readFile(join(projectDir, path))) === hash ? "pristine" : "edited";
        return { path, state };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT" || code === "ENOTDIR") return { path, state: "missing" as const };
        throw error;
      }
    }),
  );
}
