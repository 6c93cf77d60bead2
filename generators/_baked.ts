// What the published CLI has baked in at build time: the versions of the two packages and the
// precompiled wiring templates. cli/scripts/bundle.ts replaces this module; a checkout bakes nothing.
/** A template precompiled by `Handlebars.precompile` (its spec object, functions included). */
export type TemplateSpec = object;

export interface Baked {
  runtimeVersion: string;
  cliVersion: string;
  /** Precompiled `.hbs` templates by path relative to the package root, e.g. `templates/base/package.json.hbs`. */
  templates: Readonly<Record<string, TemplateSpec>>;
}

// Typed as a union so callers keep both branches; the bundle's replacement exports an object.
export const baked = undefined as Baked | undefined;
