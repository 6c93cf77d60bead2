// The Node.js version gate of the create-agent-host bin, in plain JavaScript with no dependencies and
// no recent syntax (no `?.`, `??`), so an old Node can load it and explain what to do.

/** The oldest Node.js the CLI supports (package.json `engines`); generated projects check their own (22.18+). */
export const MIN_NODE = "22.12.0";

function parse(version) {
  const parts = String(version).replace(/^v/, "").split(".");
  return [Number(parts[0]) || 0, Number(parts[1]) || 0, Number(parts[2]) || 0];
}

/** Whether version `a` is lower than version `b` ("major.minor.patch"; a leading "v" is fine). */
export function versionLessThan(a, b) {
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    if (x[i] !== y[i]) return x[i] < y[i];
  }
  return false;
}

/**
 * Checks `versions` (shaped like `process.versions`). Returns `null` when this Node.js is supported,
 * otherwise the message to print before exiting with code 1.
 */
export function checkNodeVersion(versions) {
  const node = versions && versions.node ? String(versions.node) : "unknown";
  if (node !== "unknown" && !versionLessThan(node, MIN_NODE)) return null;
  return [
    `create-agent-host needs Node.js ${MIN_NODE} or newer, but this is Node.js ${node}.`,
    "Install a current Node.js LTS from https://nodejs.org (or run `nvm install 22`, `fnm install 22`",
    "or `volta install node@22`), then run the same command again.",
  ].join("\n");
}

/**
 * Whether the CLI must restart with `--experimental-strip-types` to load its TypeScript source, given
 * `process.features`: true on Node 22.12–22.17 (no type stripping by default) or when it was turned off.
 */
export function stripTypesFlagNeeded(features) {
  return !(features && features.typescript);
}
