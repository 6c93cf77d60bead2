// The update notice's parts against a fake registry on 127.0.0.1: newer → the version, same or older
// → nothing, slow → nothing within the timeout; CI, no terminal and the checkout make no request at all.
import { afterEach, describe, expect, it } from "vitest";
import { compareVersions } from "../src/_semver.ts";
import { checkForUpdate, latestUrl, skipReason, startUpdateCheck, updateLine } from "../src/update-check.ts";
import { type FakeRegistry, startFakeRegistry } from "./_fake-registry.ts";

const registries: FakeRegistry[] = [];
afterEach(async () => Promise.all(registries.splice(0).map((registry) => registry.close())));

async function registry(latest: string | undefined, delayMs = 0): Promise<FakeRegistry> {
  const started = await startFakeRegistry({ latest, delayMs });
  registries.push(started);
  return started;
}

describe("compareVersions", () => {
  it("orders by semver precedence, prereleases included", () => {
    const ascending = ["0.1.0", "0.1.1", "0.2.0-alpha", "0.2.0-alpha.1", "0.2.0-alpha.beta", "0.2.0-beta", "0.2.0-beta.2", "0.2.0-beta.11", "0.2.0-rc.1", "0.2.0", "0.10.0", "1.0.0", "10.0.0"];
    for (let i = 0; i < ascending.length - 1; i++) {
      expect(compareVersions(ascending[i] as string, ascending[i + 1] as string), `${ascending[i]} < ${ascending[i + 1]}`).toBeLessThan(0);
      expect(compareVersions(ascending[i + 1] as string, ascending[i] as string)).toBeGreaterThan(0);
    }
    expect(compareVersions("1.2.3", "1.2.3")).toBe(0);
    expect(compareVersions("1.2.3+build.5", "1.2.3")).toBe(0);
    expect(compareVersions("v1.2.3", "1.2.3")).toBe(0);
    expect(compareVersions("latest", "1.2.3")).toBeNaN();
    expect(compareVersions("1.2", "1.2.3")).toBeNaN();
  });
});

describe("checkForUpdate", () => {
  it("returns the newer version from <registry>/create-agent-host/latest, with or without a trailing slash", async () => {
    const fake = await registry("0.3.0");
    expect(await checkForUpdate({ registry: fake.url, current: "0.2.9" })).toBe("0.3.0");
    expect(await checkForUpdate({ registry: fake.url.slice(0, -1), current: "0.3.0-rc.2" })).toBe("0.3.0");
    expect(fake.requests.map((request) => request.path)).toEqual(["/create-agent-host/latest", "/create-agent-host/latest"]);
    expect(latestUrl("https://npm.example.com/proxy").href).toBe("https://npm.example.com/proxy/create-agent-host/latest");
  });

  it("returns nothing for the same or an older version, an unknown package or an unreachable registry", async () => {
    const fake = await registry("0.3.0");
    expect(await checkForUpdate({ registry: fake.url, current: "0.3.0" })).toBeUndefined();
    expect(await checkForUpdate({ registry: fake.url, current: "0.4.0-beta.1" })).toBeUndefined();
    const missing = await registry(undefined);
    expect(await checkForUpdate({ registry: missing.url, current: "0.1.0" })).toBeUndefined();
    expect(await checkForUpdate({ registry: "http://127.0.0.1:9/", current: "0.1.0" })).toBeUndefined();
  });

  it("gives up when the signal aborts (a slow registry)", async () => {
    const slow = await registry("9.9.9", 3000);
    const started = Date.now();
    expect(await checkForUpdate({ registry: slow.url, current: "0.1.0", signal: AbortSignal.timeout(200) })).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe("startUpdateCheck", () => {
  const tty = (env: Record<string, string | undefined>) => ({ env, isTTY: true });

  it("take() gives one line once a newer version has arrived", async () => {
    const fake = await registry("0.2.0");
    const notice = startUpdateCheck(tty({ npm_config_registry: fake.url }), { current: "0.1.0", fromCheckout: false });
    await expect.poll(() => fake.requests.length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const line = notice.take();
    expect(line).toBe(updateLine("0.2.0", "0.1.0"));
    expect(line).toContain("npm create agent-host@latest");
    expect(line).not.toContain("\n");
  });

  it("take() does not wait for a slow registry and ends the request", async () => {
    const slow = await registry("0.2.0", 5000);
    const notice = startUpdateCheck(tty({ npm_config_registry: slow.url }), { current: "0.1.0", fromCheckout: false });
    await expect.poll(() => slow.requests.length).toBe(1);
    const started = Date.now();
    expect(notice.take()).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(50);
    await expect.poll(() => slow.requests[0]?.closedAt).toBeDefined();
  });

  it("makes no request with CI set, without a terminal, with NO_UPDATE_NOTIFIER or from the checkout", async () => {
    const fake = await registry("0.2.0");
    const runs = [
      startUpdateCheck(tty({ npm_config_registry: fake.url, CI: "1" }), { current: "0.1.0", fromCheckout: false }),
      startUpdateCheck({ env: { npm_config_registry: fake.url }, isTTY: false }, { current: "0.1.0", fromCheckout: false }),
      startUpdateCheck(tty({ npm_config_registry: fake.url, NO_UPDATE_NOTIFIER: "1" }), { current: "0.1.0", fromCheckout: false }),
      startUpdateCheck(tty({ npm_config_registry: fake.url }), { current: "0.1.0", fromCheckout: true }),
    ];
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(runs.map((run) => run.take())).toEqual([undefined, undefined, undefined, undefined]);
    expect(fake.requests).toEqual([]);
    expect(skipReason(tty({ CI: "true" }), false)).toBe("CI is set");
    expect(skipReason(tty({}), false)).toBeUndefined();
  });
});
