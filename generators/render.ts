// Renders the file actions into the virtual tree: handlebars for the `.hbs` wiring templates, bytes
// as they are for everything else. Nothing touches the disk until write.ts flushes the tree.
import { readCopySource } from "./_read-copy.ts";
import { loadTemplate } from "./_template.ts";
import { decode, type GeneratedFile } from "./tree.ts";

/** One file of the project: rendered from a handlebars template, or copied verbatim. */
export type FileAction = { kind: "render"; template: string; to: string } | { kind: "copy"; from: string; to: string };

export async function renderActions(actions: readonly FileAction[], data: object): Promise<GeneratedFile[]> {
  return Promise.all(
    actions.map(async (action): Promise<GeneratedFile> => {
      if (action.kind === "copy") return { path: action.to, content: decode(await readCopySource(action)) };
      const template = await loadTemplate(action.template);
      return { path: action.to, content: template(data) };
    }),
  );
}
