// loadTemplate for a checkout: reads a `.hbs` wiring template and compiles it with handlebars on the
// fly. The published CLI's bundle swaps this module for _template-precompiled.ts (no compiler there).
import { readFile } from "node:fs/promises";
import Handlebars from "handlebars";
import { COMPILE_OPTIONS, HELPERS } from "./_template-options.ts";

const handlebars = Handlebars.create();
for (const [name, helper] of Object.entries(HELPERS)) handlebars.registerHelper(name, helper);

/** The template at `file` (absolute path), ready to render data into text. */
export async function loadTemplate(file: string): Promise<(data: object) => string> {
  return handlebars.compile(await readFile(file, "utf8"), COMPILE_OPTIONS);
}
