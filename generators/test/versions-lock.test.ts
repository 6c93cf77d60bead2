// What a user installs is what CI tested: every version a generated project can name, and every
// dependency the two published packages declare, is exact and equal to what package-lock.json installs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../repo.ts";
import { versions } from "../versions.ts";

interface LockPackage {
  version?: string;
}
interface Manifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const lock = readJson<{ packages: Record<string, LockPackage> }>("package-lock.json");
const root = readJson<Manifest>("package.json");

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(join(REPO_ROOT, path), "utf8")) as T;
}

/** The version the lockfile installs at the top of node_modules (what the repository's tests load). */
function locked(name: string): string | undefined {
  return lock.packages[`node_modules/${name}`]?.version;
}

const EXACT = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

describe("versions.ts and package-lock.json", () => {
  it("every entry of the version table is an exact version, the one the lockfile installs", () => {
    const drift = Object.entries(versions).flatMap(([name, version]) =>
      EXACT.test(version) && locked(name) === version ? [] : [`${name}: versions.ts says "${version}", package-lock.json installs "${locked(name) ?? "nothing"}"`],
    );
    expect(drift, "Set these entries of generators/versions.ts to the lockfile's versions (or run npm install with the table's versions)").toEqual([]);
  });

  it("every package of the table is a direct dependency of this repository, so the lockfile pins it on purpose", () => {
    const manifests = [root, readJson<Manifest>("runtime/package.json"), readJson<Manifest>("cli/package.json")];
    const direct = new Set(manifests.flatMap((manifest) => [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})]));
    const undeclared = Object.keys(versions).filter((name) => !direct.has(name));
    expect(undeclared, "Add these to the devDependencies of the root package.json").toEqual([]);
  });

  it.each(["runtime", "cli"])("%s/package.json pins its dependencies to the lockfile's versions", (folder) => {
    const manifest = readJson<Manifest>(`${folder}/package.json`);
    const drift = Object.entries(manifest.dependencies ?? {}).flatMap(([name, spec]) =>
      spec === locked(name) ? [] : [`${name}: ${folder}/package.json says "${spec}", package-lock.json installs "${locked(name) ?? "nothing"}"`],
    );
    expect(drift).toEqual([]);
  });
});
