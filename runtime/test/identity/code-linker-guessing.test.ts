// Brute-forcing link codes: every guess is counted before it is checked, so neither concurrency nor
// many identities get more than the limit; per identity and per code, on memory, file and SQLite stores.
import { afterEach, describe, expect, it } from "vitest";
import { autoIssueIdentityResolver, codeLinker, LinkError, VersionConflictError, type HostStateStore, type SetOptions } from "../../src/index.ts";
import { LINK_ATTEMPT_NAMESPACE } from "../../src/identity/_link-attempts.ts";
import { countingChecks, storeKinds } from "./_guess-stores.ts";

const web = { channel: "web", nativeId: "victim" };
const chat = { channel: "chat", nativeId: "attacker" };
const other = (n: number) => ({ channel: "chat", nativeId: `attacker-${n}` });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `count` distinct six-digit codes, none of them `right`. */
function wrongCodes(right: string, count: number): string[] {
  const codes: string[] = [];
  for (let n = 0; codes.length < count; n++) {
    const code = String(n).padStart(6, "0");
    if (code !== right) codes.push(code);
  }
  return codes;
}

describe.each(storeKinds)("code linker under guessing ($name store)", (kind) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  });

  /** A linker on a fresh store (and, with `processes: 2` where the store allows, a second one as another host process). */
  async function setup(options: { ttlMs?: number; maxAttempts?: number; maxCodeGuesses?: number } = {}) {
    const opened = await kind.open();
    const stores: HostStateStore[] = [opened.store];
    cleanups.push(async () => {
      await Promise.all(stores.map((store) => store.close()));
      await opened.cleanup();
    });
    const make = (raw: HostStateStore) => {
      const counted = countingChecks(raw);
      return { ...counted, linker: codeLinker({ store: counted.store, resolver: autoIssueIdentityResolver(counted.store), ...options }) };
    };
    const first = make(opened.store);
    const second = opened.second ? make(opened.second()) : undefined;
    if (second) stores.push(second.store);
    return { ...first, second, checkedAll: () => first.checked() + (second?.checked() ?? 0) };
  }

  it("1 000 concurrent wrong guesses, the right code last, from one identity: locked out and not linked", async () => {
    const { linker, checked } = await setup();
    const { code } = await linker.begin(web);
    const guesses = [...wrongCodes(code!, 999), code!];
    const results = await Promise.allSettled(guesses.map((guess) => linker.complete(chat, guess)));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(0);
    for (const result of results) expect(result.status === "rejected" && result.reason).toBeInstanceOf(LinkError);
    expect(await linker.isLinked(chat)).toBe(false);
    expect(checked()).toBeLessThanOrEqual(5);
    await expect(linker.complete(chat, code!)).rejects.toMatchObject({ code: "link_locked" });
  });

  it("100 concurrent guesses from one identity: at most the limit are checked", async () => {
    const { linker, checked } = await setup();
    const { code } = await linker.begin(web);
    const results = await Promise.allSettled(wrongCodes(code!, 100).map((guess) => linker.complete(chat, guess)));
    const reasons = results.map((result) => (result.status === "rejected" ? result.reason : undefined));
    expect(reasons.every((reason) => reason instanceof LinkError)).toBe(true);
    expect(checked()).toBeLessThanOrEqual(5);
    expect(reasons.filter((reason) => reason?.code === "link_locked").length).toBeGreaterThanOrEqual(95);
  });

  it("sequential guesses: exactly the default limit of 5 wrong codes, then refused even with the right one", async () => {
    const { linker, checked } = await setup();
    const { code } = await linker.begin(web);
    for (const guess of wrongCodes(code!, 5)) await expect(linker.complete(chat, guess)).rejects.toMatchObject({ code: "link_failed" });
    await expect(linker.complete(chat, code!)).rejects.toMatchObject({ code: "link_locked" });
    await expect(linker.complete(chat, "12")).rejects.toMatchObject({ code: "link_locked" });
    expect(checked()).toBe(5);
    expect(await linker.isLinked(chat)).toBe(false);
  });

  it("a code guessed at from many identities is burnt after the limit; a fresh code still links", async () => {
    const { linker, store } = await setup();
    const { code } = await linker.begin(web);
    for (const [n, guess] of wrongCodes(code!, 5).entries()) await expect(linker.complete(other(n), guess)).rejects.toThrow(/wrong/);
    await expect(linker.complete(other(99), code!)).rejects.toThrow(/wrong, used or expired/);
    expect(await linker.isLinked(other(99))).toBe(false);
    const fresh = await linker.begin(web);
    const webKey = await linker.complete(other(99), fresh.code!);
    expect(await autoIssueIdentityResolver(store).resolve(other(99))).toBe(webKey);
  });

  it("200 concurrent wrong guesses from 200 identities burn the code", async () => {
    const { linker } = await setup();
    const { code } = await linker.begin(web);
    await Promise.allSettled(wrongCodes(code!, 200).map((guess, n) => linker.complete(other(n), guess)));
    await expect(linker.complete(other(999), code!)).rejects.toThrow(/wrong, used or expired/);
    expect(await linker.isLinked(other(999))).toBe(false);
  });

  it("a typo, then the right code, links; the lockout ends after its window and a fresh code links", async () => {
    const { linker } = await setup({ ttlMs: 300 });
    const first = await linker.begin(web);
    await expect(linker.complete(other(1), wrongCodes(first.code!, 1)[0]!)).rejects.toThrow(/wrong/);
    await linker.complete(other(1), first.code!);
    expect(await linker.isLinked(other(1))).toBe(true);
    const { code } = await linker.begin(web);
    for (const guess of wrongCodes(code!, 5)) await expect(linker.complete(chat, guess)).rejects.toThrow(/wrong/);
    await expect(linker.complete(chat, code!)).rejects.toMatchObject({ code: "link_locked", message: expect.stringMatching(/Wait 1 minute/) });
    await sleep(350);
    const fresh = await linker.begin(web);
    await linker.complete(chat, fresh.code!);
    expect(await linker.isLinked(chat)).toBe(true);
  });

  it("a guess whose attempt cannot be recorded is refused, not checked", async () => {
    const { linker, store, checked } = await setup();
    const { code } = await linker.begin(web);
    const conflicting: HostStateStore = {
      ...store,
      set: async <T>(namespace: string, key: string, value: T, options?: SetOptions) => {
        if (namespace === LINK_ATTEMPT_NAMESPACE) throw new VersionConflictError(namespace, key, options?.ifVersion ?? 0, 99);
        return store.set<T>(namespace, key, value, options);
      },
    };
    const stubborn = codeLinker({ store: conflicting, resolver: autoIssueIdentityResolver(store) });
    await expect(stubborn.complete(chat, code!)).rejects.toMatchObject({ code: "link_busy" });
    expect(checked()).toBe(0);
    expect(await linker.isLinked(chat)).toBe(false);
  });

  // Two connections to one SQLite file, each with its own linker: only the store's compare-and-set keeps the count.
  if (kind.name === "sqlite") it("two host processes on one store share the limits", async () => {
    const { linker, second, checkedAll } = await setup();
    const linkers = [linker, second!.linker];
    const { code } = await linker.begin(web);
    const wrong = wrongCodes(code!, 400);
    const fromOne = await Promise.allSettled(wrong.slice(0, 200).map((guess, n) => linkers[n % 2]!.complete(chat, guess)));
    expect(fromOne.every((result) => result.status === "rejected" && result.reason instanceof LinkError)).toBe(true);
    expect(checkedAll()).toBeLessThanOrEqual(5);
    await expect(second!.linker.complete(chat, code!)).rejects.toMatchObject({ code: "link_locked" });
    const fromMany = await Promise.allSettled(wrong.slice(200).map((guess, n) => linkers[n % 2]!.complete(other(n), guess)));
    expect(fromMany.every((result) => result.status === "rejected" && result.reason instanceof LinkError)).toBe(true);
    await expect(second!.linker.complete(other(999), code!)).rejects.toThrow(/wrong, used or expired/);
    expect(await linker.isLinked(other(999))).toBe(false);
  });
});
