// The handlebars options and helpers every wiring template is rendered with: shared by the on-the-fly
// compiler (checkout), the build-time precompiler and the precompiled runtime path (published CLI).
/** Strict: a missing value is an error, not an empty string. No HTML escaping: the output is code. */
export const COMPILE_OPTIONS = { strict: true, noEscape: true } as const;

/** Wiring templates put values into JSON and TypeScript; `{{{json value}}}` quotes them safely. */
export const HELPERS = { json: (value: unknown) => JSON.stringify(value) } as const;
