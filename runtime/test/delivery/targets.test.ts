// Every ResponseTarget kind end to end: the caller gets a continuation (or the answer, when originating)
// and the result is pushed where the target says — active (and its window), channel(s), identities, allLinked, none.
import { afterEach, describe, expect, it } from "vitest";
import { LAST_SEEN_NAMESPACE, lastSeenKey } from "../../src/delivery/last-seen.ts";
import { codeLinker, type AgentHost, type IdentityResolver } from "../../src/index.ts";
import { deliveriesOf, deliveryHost, pushChannel } from "./_push-channel.ts";

/** One person per native id on every channel (a corporate directory would do this). */
const samePerson: IdentityResolver = { resolve: async (identity) => `person-${identity.nativeId}` };
const channels = () => ({ tg: pushChannel("tg"), chat: pushChannel("chat"), rest: pushChannel("rest", { canPush: false }) });

let host: AgentHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

function setup(options: Parameters<typeof deliveryHost>[1] = { identityResolver: samePerson }) {
  const c = channels();
  const h = deliveryHost([c.tg, c.chat, c.rest], options);
  host = h.host;
  return { ...h, ...c };
}

describe("response targets", () => {
  it("originating answers the caller directly and pushes nothing", async () => {
    const { send, settle, tg } = setup();
    const answer = await send("tg", { text: "hi", user: "alice" });
    await settle();
    expect(answer).toEqual({ status: 200, body: { text: "You said: hi" } });
    expect(tg.pushes).toEqual([]);
  });

  it("active pushes to the channel that can push where the user was seen last, echoing the input first", async () => {
    const { send, settle, tg, chat } = setup();
    await send("tg", { text: "hello", user: "alice", chat: "tg-chat-1" });
    const answer = await send("rest", { text: "where am I", user: "alice", target: { kind: "active" } });
    expect(answer).toMatchObject({ status: 202, body: { status: "queued" } });
    await settle();
    expect(chat.pushes).toEqual([]);
    expect(tg.pushes).toHaveLength(1);
    expect(tg.pushes[0]!.identity).toEqual({ channel: "tg", nativeId: "alice", attributes: { chatId: "tg-chat-1", conversationId: "tg-chat-1" } });
    expect(tg.pushes[0]!.message).toMatchObject({ text: expect.stringContaining("You said: where am I"), echo: { text: "where am I", from: "rest" } });
    expect(await host!.getContinuation(answer.body.token!)).toMatchObject({ status: "completed", result: { text: expect.stringContaining("where am I") } });
    expect(await deliveriesOf(host!, answer.body.token!)).toMatchObject([{ destination: "tg:alice", status: "delivered", attempts: 1, messageId: "tg-1" }]);
  });

  it("active past its window falls back to the originating channel with a warning", async () => {
    const { store, send, settle, tg, log } = setup();
    const twoDaysAgo = new Date(Date.now() - 48 * 3600_000).toISOString();
    await store.set(LAST_SEEN_NAMESPACE, lastSeenKey("person-alice", "tg"), { channel: "tg", identity: { channel: "tg", nativeId: "alice" }, at: twoDaysAgo });
    const answer = await send("rest", { text: "anyone?", user: "alice", target: { kind: "active" } });
    await settle();
    expect(tg.pushes).toEqual([]);
    expect(log.lines.filter((l) => l.level === "warn").map((l) => l.message).join("\n")).toMatch(/No channel that can push saw this user within 1440 minutes[\s\S]*kept for polling/);
    expect(await deliveriesOf(host!, answer.body.token!)).toMatchObject([{ destination: "rest:alice", status: "skipped", reason: "no_push" }]);
    expect(await host!.getContinuation(answer.body.token!)).toMatchObject({ status: "completed" }); // still there to poll
  });

  it("active honours a wider activeWindowMs", async () => {
    const { store, send, settle, tg } = setup({ identityResolver: samePerson, activeWindowMs: 3 * 24 * 3600_000 });
    const twoDaysAgo = new Date(Date.now() - 48 * 3600_000).toISOString();
    await store.set(LAST_SEEN_NAMESPACE, lastSeenKey("person-alice", "tg"), { channel: "tg", identity: { channel: "tg", nativeId: "alice" }, at: twoDaysAgo });
    await send("rest", { text: "anyone?", user: "alice", target: { kind: "active" } });
    await settle();
    expect(tg.pushes.map((p) => p.identity.nativeId)).toEqual(["alice"]);
  });

  it("channel(name) pushes only to that channel's last-seen address", async () => {
    const { send, settle, tg, chat } = setup();
    await send("tg", { text: "a", user: "alice" });
    await send("chat", { text: "b", user: "alice", chat: "room-7" });
    await send("rest", { text: "to chat please", user: "alice", target: { kind: "channel", channel: "chat" } });
    await settle();
    expect(tg.pushes).toEqual([]);
    expect(chat.pushes.map((p) => [p.identity.attributes?.chatId, p.message.echo?.from])).toEqual([["room-7", "rest"]]);
  });

  it("channels([...]) pushes to each, and records a never-seen one as skipped", async () => {
    const { send, settle, tg, chat } = setup();
    await send("tg", { text: "a", user: "alice" });
    await send("chat", { text: "b", user: "alice" });
    const answer = await send("rest", { text: "both", user: "alice", target: { kind: "channels", channels: ["tg", "chat", "sms"] } });
    await settle();
    expect([tg.pushes.length, chat.pushes.length]).toEqual([1, 1]);
    const deliveries = await deliveriesOf(host!, answer.body.token!);
    expect(deliveries.map((d) => [d.destination, d.status, d.reason])).toEqual([
      ["sms", "skipped", "no_address"], ["tg:alice", "delivered", undefined], ["chat:alice", "delivered", undefined],
    ]);
  });

  it("identities([...]) pushes to exactly those identities, bypassing the registry", async () => {
    const { send, settle, tg } = setup();
    const bob = { channel: "tg", nativeId: "bob", attributes: { chatId: "bob-dm" } };
    await send("rest", { text: "tell bob", user: "alice", target: { kind: "identities", identities: [bob] } });
    await settle();
    expect(tg.pushes).toEqual([{ identity: bob, message: expect.objectContaining({ text: expect.stringContaining("tell bob") }) }]);
    expect(tg.pushes[0]!.message.echo).toBeUndefined(); // another person: their transcript gets no "You, via …"
  });

  it("allLinked pushes to every linked identity with an address, and to no one else", async () => {
    const { send, settle, tg, chat } = setup({ identityLinker: codeLinker });
    await send("tg", { text: "hi", user: "alice", chat: "t-1" });
    const { code } = await host!.identityLinker!.begin({ channel: "tg", nativeId: "alice" });
    await host!.identityLinker!.complete({ channel: "chat", nativeId: "alice-c" }, code!);
    await send("chat", { text: "linked now", user: "alice-c" });
    await send("chat", { text: "I am someone else", user: "bob" });
    const answer = await send("tg", { text: "tell all of me", user: "alice", target: { kind: "allLinked" } });
    await settle();
    expect(tg.pushes.map((p) => [p.identity.nativeId, p.message.echo])).toEqual([["alice", undefined]]); // originating: no echo
    expect(chat.pushes.map((p) => [p.identity.nativeId, p.message.echo])).toEqual([["alice-c", { text: "tell all of me", from: "tg" }]]);
    expect((await deliveriesOf(host!, answer.body.token!)).map((d) => d.status)).toEqual(["delivered", "delivered"]);
  });

  it("host.deliver pushes an app-composed message to a person's active channel, with no turn", async () => {
    const { send, tg } = setup();
    await send("tg", { text: "hi", user: "alice", chat: "t-1" });
    const records = await host!.deliver("person-alice", "Reminder: call mum", { kind: "active" });
    expect(records).toMatchObject([{ destination: "tg:alice", status: "delivered" }]);
    expect(tg.pushes.map((p) => [p.message.text, p.message.echo])).toEqual([["Reminder: call mum", undefined]]);
  });

  it("none runs in the background for polling only", async () => {
    const { send, settle, tg } = setup();
    const answer = await send("tg", { text: "later", user: "alice", target: { kind: "none" } });
    await settle();
    expect(answer.status).toBe(202);
    expect(tg.pushes).toEqual([]);
    expect(await host!.getContinuation(answer.body.token!)).toMatchObject({ status: "completed", result: { text: expect.stringContaining("later") } });
    expect(await deliveriesOf(host!, answer.body.token!)).toEqual([]);
  });
});
