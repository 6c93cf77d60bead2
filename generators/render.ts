// Renders the file actions into the virtual tree: handlebars for the `.hbs` wiring templates, bytes
// as they are for everything else. Nothing touches the disk until write.ts flushes the tree.
import { readFile } from "node:fs/promises";
import Handlebars from "handlebars";
/** One file of the project: rendered from a handlebars template, or copied verbatim. */
export type FileAction = { kind: "render"; template: string; to: string } | { kind: "copy"; from: string; to: string };
import { decode, type GeneratedFile } from "./tree.ts";

const handlebars = Handlebars.create();
// Wiring templates put values into JSON and TypeScript; `{{{json value}}}` quotes them safely.
handlebars.registerHelper("json", (value: unknown) => JSON.stringify(value));

export async function renderActions(actions: readonly FileAction[], data: object): Promise<GeneratedFile[]> {
  return Promise.all(
    actions.map(async (action): Promise<GeneratedFile> => {
      if (action.kind === "copy") return { path: action.to, content: decode(await readFile(action.from)) };
      const template = handlebars.compile(await readFile(action.template, "utf8"), { strict: true, noEscape: true });
      return { path: action.to, content: template(data) };
    }),
  );
}
