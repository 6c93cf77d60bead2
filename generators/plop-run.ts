// Runs the file actions through node-plop into a folder: handlebars `add` actions for the wiring
// templates, and a `copy` action for files that must arrive byte for byte (adapters, tests, agent).
import { constants } from "node:fs";
import { copyFile, mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import nodePlop, { type ActionType, type CustomActionConfig } from "node-plop";

/** One file of the project: rendered from a handlebars template, or copied verbatim. */
export type FileAction = { kind: "render"; template: string; to: string } | { kind: "copy"; from: string; to: string };

/** Runs `actions` (absolute sources, posix targets relative to `destDir`) with `data` for the templates. */
export async function runPlop(actions: readonly FileAction[], data: object, destDir: string): Promise<void> {
  const plop = await nodePlop("", { destBasePath: destDir, force: false });
  // Wiring templates put values into JSON and TypeScript; `{{{json value}}}` quotes them safely.
  plop.setHelper("json", (value: unknown) => JSON.stringify(value));
  plop.setActionType("copy", copyAction(destDir));
  const generator = plop.setGenerator("project", {
    description: "a create-agent-host project",
    prompts: [],
    actions: actions.map(toPlopAction),
  });
  const { failures } = await generator.runActions(data);
  if (failures.length > 0) {
    const reasons = failures.map((failure) => `${failure.path || failure.type}: ${failure.error}`).join("\n  ");
    throw new Error(`Generating the project failed; nothing was written to your target folder.\n  ${reasons}`);
  }
}

function toPlopAction(action: FileAction): ActionType {
  if (action.kind === "render") return { type: "add", path: action.to, templateFile: action.template, abortOnFail: true };
  const copy: CustomActionConfig<"copy"> = { type: "copy", from: action.from, to: action.to, abortOnFail: true };
  return copy;
}

/** node-plop's own `add` renders every text file through handlebars; this one copies the bytes. */
function copyAction(destDir: string) {
  return async (_answers: object, config: CustomActionConfig<string>): Promise<string> => {
    const { from, to } = config as { from?: unknown; to?: unknown };
    if (typeof from !== "string" || typeof to !== "string") throw new Error(`A copy action needs "from" and "to" strings, got ${JSON.stringify({ from, to })}.`);
    const dest = resolve(destDir, to);
    await mkdir(dirname(dest), { recursive: true });
    // COPYFILE_EXCL: two sources for one project file is a catalog bug, not something to overwrite.
    await copyFile(from, dest, constants.COPYFILE_EXCL);
    return to;
  };
}
