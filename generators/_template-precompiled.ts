// loadTemplate for the published CLI: the wiring templates were precompiled at build time (baked into
// the bundle); only the small handlebars runtime turns a spec into a function, never the compiler.
// Bundle only: rolldown resolves the extensionless path (its types are declared for this specifier).
import HandlebarsRuntime from "handlebars/runtime";
import { relative, sep } from "node:path";
import { baked } from "./_baked.ts";
import { HELPERS } from "./_template-options.ts";
import { REPO_ROOT } from "./repo.ts";

const handlebars = HandlebarsRuntime.create();
for (const [name, helper] of Object.entries(HELPERS)) handlebars.registerHelper(name, helper);

/** The precompiled template for `file` (an absolute path under the package's templates/). */
export async function loadTemplate(file: string): Promise<(data: object) => string> {
  const key = relative(REPO_ROOT, file).split(sep).join("/");
  const spec = baked?.templates[key];
  if (!spec) throw new Error(`No precompiled template for ${key}: rebuild the package (npm pack runs cli/scripts/bundle.ts).`);
  // The spec's shape is handlebars' own output; the types only know it as an opaque interface.
  return handlebars.template(spec as TemplateSpecification);
}
