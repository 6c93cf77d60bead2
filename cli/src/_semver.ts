// Semantic Versioning 2.0.0 precedence in a few lines (the update notice compares two versions; no
// dependency for that): numbers numerically, a prerelease below its release, build metadata ignored.
const VERSION = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$/;

interface Parsed {
  core: [bigint, bigint, bigint];
  prerelease: string[];
}

export function parseVersion(version: string): Parsed | undefined {
  const match = VERSION.exec(version.trim());
  if (!match) return undefined;
  return { core: [BigInt(match[1] ?? 0), BigInt(match[2] ?? 0), BigInt(match[3] ?? 0)], prerelease: match[4] ? match[4].split(".") : [] };
}

function compareIdentifiers(a: string, b: string): number {
  const [numericA, numericB] = [/^\d+$/.test(a), /^\d+$/.test(b)];
  if (numericA && numericB) return Math.sign(Number(BigInt(a) - BigInt(b)));
  // Numeric identifiers sort before alphanumeric ones; alphanumeric compare in ASCII order.
  if (numericA !== numericB) return numericA ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Negative when `a` precedes `b`, positive when it follows, 0 when equal; NaN when either is not a version. */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [parseVersion(a), parseVersion(b)];
  if (!x || !y) return Number.NaN;
  for (let i = 0; i < 3; i++) if (x.core[i] !== y.core[i]) return (x.core[i] as bigint) < (y.core[i] as bigint) ? -1 : 1;
  const [preX, preY] = [x.prerelease.length, y.prerelease.length];
  if (preX === 0 || preY === 0) return preX === preY ? 0 : preX === 0 ? 1 : -1;
  for (let i = 0; i < Math.min(x.prerelease.length, y.prerelease.length); i++) {
    const order = compareIdentifiers(x.prerelease[i] as string, y.prerelease[i] as string);
    if (order !== 0) return order;
  }
  return Math.sign(x.prerelease.length - y.prerelease.length);
}
