// packRuntime: builds and packs the runtime once (the published file set), then serves the same tarball
// from the cache until the runtime's sources change.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { packageVersion, REPO_ROOT } from "../repo.ts";
import { packRuntime } from "../vendor-runtime.ts";

describe("packRuntime", () => {
  it("returns agent-host-<version>.tgz, cached for the next call", async () => {
    const first = await packRuntime(REPO_ROOT);
    expect(first.fileName).toBe(`agent-host-${await packageVersion("runtime")}.tgz`);
    expect([...first.bytes.slice(0, 2)]).toEqual([0x1f, 0x8b]); // gzip
    const listing = spawnSync("tar", ["-tz"], { input: first.bytes, encoding: "utf8" }).stdout.split("\n").filter(Boolean);
    expect(listing).toEqual(expect.arrayContaining(["package/package.json", "package/README.md", "package/LICENSE", "package/dist/index.js", "package/dist/index.d.ts"]));
    expect(listing.filter((path) => !path.startsWith("package/dist/") && !/^package\/(package\.json|README\.md|LICENSE)$/.test(path))).toEqual([]);
    expect(listing.filter((path) => path.endsWith(".map"))).toEqual([]);
    const started = performance.now();
    const second = await packRuntime(REPO_ROOT);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(second.bytes).toEqual(first.bytes);
  }, 120_000);
});
