// The one-time code linker: codes join two channel identities onto one isolation key, are single
// use, expire, lock out guessing, and obey the LinkPolicy; the built-in policies decide as documented.
import { describe, expect, it } from "vitest";
import {
  allowAll, autoIssueIdentityResolver, codeLinker, denyAll, explicitAllowList, LinkError, memoryStore, sameTier,
} from "../../src/index.ts";
import { getHostIdentity } from "../../src/identity/registry.ts";

const web = { channel: "web", nativeId: "alice" };
const chat = { channel: "chat", nativeId: "1001" };

function setup(options: Partial<Parameters<typeof codeLinker>[0]> = {}) {
  const store = memoryStore();
  const resolver = autoIssueIdentityResolver(store);
  return { store, resolver, linker: codeLinker({ store, resolver, ...options }) };
}

describe("code linker", () => {
  it("joins the completing identity onto the beginning identity's isolation key", async () => {
    const { store, resolver, linker } = setup();
    const webKey = await resolver.resolve(web);
    expect(await linker.isLinked(web)).toBe(false);
    const challenge = await linker.begin(web);
    expect(challenge.code).toMatch(/^\d{6}$/);
    expect(challenge.instructions).toContain(`/link ${challenge.code}`);
    expect(await linker.complete(chat, challenge.code!)).toBe(webKey);
    expect(await resolver.resolve(chat)).toBe(webKey);
    expect(await linker.isLinked(web)).toBe(true);
    expect(await linker.isLinked(chat)).toBe(true);
    expect((await getHostIdentity(store, webKey!))?.members.map((m) => m.channel).sort()).toEqual(["chat", "web"]);
  });

  it("accepts a code once", async () => {
    const { linker } = setup();
    const { code } = await linker.begin(web);
    await linker.complete(chat, code!);
    await expect(linker.complete({ channel: "other", nativeId: "x" }, code!)).rejects.toBeInstanceOf(LinkError);
  });

  it("refuses an expired code", async () => {
    const { linker } = setup({ ttlMs: 30 });
    const { code } = await linker.begin(web);
    await new Promise((resolve) => setTimeout(resolve, 80));
    await expect(linker.complete(chat, code!)).rejects.toThrow(/wrong, used or expired/);
  });

  it("locks an identity out after repeated wrong codes, even for the right one", async () => {
    const { linker } = setup({ maxAttempts: 3 });
    const { code } = await linker.begin(web);
    const wrong = code === "000000" ? "000001" : "000000";
    for (let i = 0; i < 3; i++) await expect(linker.complete(chat, wrong)).rejects.toThrow(/wrong/);
    await expect(linker.complete(chat, code!)).rejects.toMatchObject({ code: "link_locked" });
  });

  it("lets a code take maxCodeGuesses guesses from anyone, then burns it", async () => {
    const { resolver, linker } = setup({ maxCodeGuesses: 3 });
    const { code } = await linker.begin(web);
    const wrong = code === "000000" ? "000001" : "000000";
    for (let n = 0; n < 2; n++) await expect(linker.complete({ channel: "chat", nativeId: `guesser-${n}` }, wrong)).rejects.toThrow(/wrong/);
    expect(await linker.complete(chat, code!)).toBe(await resolver.resolve(web)); // the third guess since issue: in budget
    const late = await linker.begin(web);
    for (let n = 0; n < 3; n++) await expect(linker.complete({ channel: "chat", nativeId: `guesser-${n}` }, wrong)).rejects.toThrow(/wrong/);
    await expect(linker.complete({ channel: "other", nativeId: "x" }, late.code!)).rejects.toThrow(/wrong, used or expired/);
  });

  it("refuses a link the policy forbids and links nothing", async () => {
    const { resolver, linker } = setup({ policy: sameTier, tiers: { web: "public", chat: "corporate" } });
    const { code } = await linker.begin(web);
    await expect(linker.complete(chat, code!)).rejects.toMatchObject({ code: "link_refused" });
    expect(await resolver.resolve(chat)).not.toBe(await resolver.resolve(web));
  });
});

describe("link policies", () => {
  const info = (name: string, confidentialityTier?: string) => ({ name, confidentialityTier });
  const decide = (policy: typeof allowAll, a: ReturnType<typeof info>, b: ReturnType<typeof info>) =>
    policy({ source: a, destination: b, operation: "deliver" });

  it("allowAll, denyAll, sameTier and explicitAllowList decide as documented", () => {
    expect(decide(allowAll, info("a"), info("b"))).toBe(true);
    expect(decide(denyAll, info("a"), info("b"))).toBe(false);
    expect(decide(sameTier, info("a", "x"), info("b", "x"))).toBe(true);
    expect(decide(sameTier, info("a", "x"), info("b", "y"))).toBe(false);
    expect(decide(sameTier, info("a"), info("b"))).toBe(true);
    const pairs = explicitAllowList([["telegram", "teams"]]);
    expect(decide(pairs, info("teams"), info("telegram"))).toBe(true);
    expect(decide(pairs, info("teams"), info("discord"))).toBe(false);
    expect(decide(pairs, info("discord"), info("discord"))).toBe(true);
  });
});
