// Active-channel tracking: what a resolved request records, when an identical write is skipped,
// the `active` query and its window, and that unlink evicts the identity's addresses.
import { describe, expect, it } from "vitest";
import { activeChannel, evictLastSeen, LAST_SEEN_NAMESPACE, lastSeenKey, lastSeenRecords, recordLastSeen } from "../../src/delivery/last-seen.ts";
import { codeLinker, memoryStore, type HostStateStore } from "../../src/index.ts";
import { deliveryHost, pushChannel } from "./_push-channel.ts";

const alice = { channel: "tg", nativeId: "alice", attributes: { chatId: "c-1" } };

/** Counts the store's writes. */
function counting(store: HostStateStore) {
  const writes: string[] = [];
  const set = store.set.bind(store);
  store.set = (namespace, key, value, options) => (writes.push(`${namespace}/${key}`), set(namespace, key, value, options));
  return writes;
}

describe("last seen", () => {
  it("records channel, identity with attributes, conversation and time, for 30 days", async () => {
    const store = memoryStore();
    const before = Date.now();
    expect(await recordLastSeen(store, "ik_1", { channel: "tg", identity: alice, conversationId: "c-1" })).toBe(true);
    const stored = await store.get(LAST_SEEN_NAMESPACE, lastSeenKey("ik_1", "tg"));
    expect(stored?.value).toEqual({ channel: "tg", identity: alice, conversationId: "c-1", at: expect.any(String) });
    expect(stored!.expiresAt! - before).toBeGreaterThan(29 * 24 * 3600_000);
  });

  it("skips an unchanged write within a minute, but never one that changes the active channel", async () => {
    const store = memoryStore();
    const writes = counting(store);
    const chat = { channel: "chat", nativeId: "alice" };
    const t0 = Date.now();
    await recordLastSeen(store, "ik_1", { channel: "tg", identity: alice }, t0);
    await recordLastSeen(store, "ik_1", { channel: "tg", identity: alice }, t0 + 1_000); // unchanged: skipped
    await recordLastSeen(store, "ik_1", { channel: "tg", identity: { ...alice, attributes: { chatId: "c-2" } } }, t0 + 2_000); // new address
    await recordLastSeen(store, "ik_1", { channel: "chat", identity: chat }, t0 + 3_000);
    await recordLastSeen(store, "ik_1", { channel: "tg", identity: { ...alice, attributes: { chatId: "c-2" } } }, t0 + 4_000); // back on tg
    await recordLastSeen(store, "ik_1", { channel: "tg", identity: { ...alice, attributes: { chatId: "c-2" } } }, t0 + 65_000); // refresh
    expect(writes).toHaveLength(5);
    expect((await activeChannel(store, "ik_1"))?.channel).toBe("tg");
  });

  it("activeChannel picks the most recent record within the window, and filters", async () => {
    const store = memoryStore();
    const now = Date.now();
    await recordLastSeen(store, "ik_1", { channel: "tg", identity: alice }, now - 2 * 3600_000);
    await recordLastSeen(store, "ik_1", { channel: "api", identity: { channel: "api", nativeId: "alice" } }, now - 60_000);
    await recordLastSeen(store, "ik_1:x", { channel: "web", identity: { channel: "web", nativeId: "mallory" } }, now); // a longer key, same prefix
    expect((await activeChannel(store, "ik_1"))?.channel).toBe("api");
    expect((await activeChannel(store, "ik_1", 24 * 3600_000, (r) => r.channel !== "api"))?.channel).toBe("tg");
    expect(await activeChannel(store, "ik_1", 30 * 60_000, (r) => r.channel !== "api")).toBeUndefined();
    expect((await lastSeenRecords(store, "ik_1")).map((r) => r.channel).sort()).toEqual(["api", "tg"]);
  });

  it("evicts only the given identity's records", async () => {
    const store = memoryStore();
    await recordLastSeen(store, "ik_1", { channel: "tg", identity: alice });
    await recordLastSeen(store, "ik_1", { channel: "chat", identity: { channel: "chat", nativeId: "alice" } });
    expect(await evictLastSeen(store, "ik_1", alice)).toBe(1);
    expect((await lastSeenRecords(store, "ik_1")).map((r) => r.channel)).toEqual(["chat"]);
  });

  it("is written by every resolved request with an identity, not by anonymous ones", async () => {
    const { host, store, send } = deliveryHost([pushChannel("tg")]);
    await send("tg", { text: "anonymous" });
    expect(await store.list(LAST_SEEN_NAMESPACE)).toEqual([]);
    await send("tg", { text: "hi", user: "alice", chat: "c-9" });
    expect((await store.list(LAST_SEEN_NAMESPACE)).map((r) => r.value)).toMatchObject([{ channel: "tg", identity: { nativeId: "alice" }, conversationId: "c-9" }]);
    await host.close();
  });
});

describe("unlink eviction", () => {
  const linkedHost = async () => {
    const tg = pushChannel("tg");
    const chat = pushChannel("chat");
    const h = deliveryHost([tg, chat], { identityLinker: codeLinker });
    await h.send("tg", { text: "hi", user: "alice" });
    const { code } = await h.host.identityLinker!.begin({ channel: "tg", nativeId: "alice" });
    await h.host.identityLinker!.complete({ channel: "chat", nativeId: "alice-c" }, code!);
    await h.send("chat", { text: "linked", user: "alice-c" });
    return { ...h, tg, chat };
  };

  it("host.unlink forgets the identity's addresses: later pushes never reach it", async () => {
    const { host, send, settle, tg, chat } = await linkedHost();
    await host.unlink({ channel: "chat", nativeId: "alice-c" });
    await send("tg", { text: "to all of me", user: "alice", target: { kind: "allLinked" } });
    await send("tg", { text: "to chat", user: "alice", target: { kind: "channel", channel: "chat" } });
    await settle();
    expect(chat.pushes).toEqual([]);
    expect(tg.pushes.map((p) => p.message.text)).toEqual([expect.stringContaining("to all of me"), expect.stringContaining("to chat")]);
    await host.close();
  });

  it("the unlink command evicts too", async () => {
    const { host, send, settle, chat } = await linkedHost();
    const unlink = chat.ctx.commands.find((command) => command.name === "unlink")!;
    const replies: string[] = [];
    await unlink.handle({ channel: "chat", identity: { channel: "chat", nativeId: "alice-c" }, args: "", reply: async (text) => void replies.push(text), run: (request) => chat.ctx.run(request) });
    expect(replies[0]).toMatch(/^Unlinked/);
    await send("tg", { text: "to chat", user: "alice", target: { kind: "channel", channel: "chat" } });
    await settle();
    expect(chat.pushes).toEqual([]);
    await host.close();
  });
});
