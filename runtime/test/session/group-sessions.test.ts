// Group conversations on chat channels: a `per_conversation` key is one session for everyone in the
// group (never reachable by a caller-supplied key), and `/new` in a group resets the group's conversation only.
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createAgentHost, createChannelRequest, echoAgent, groupSessionKey, memoryStore, silentLogger, type Channel, type ChannelContext } from "../../src/index.ts";

function chatHost(sessions: Channel["sessions"] = "host-tracked") {
  const captured: { ctx?: ChannelContext } = {};
  const channel: Channel = { name: "chat", path: "/chat", sessions, contribute: (ctx) => ((captured.ctx = ctx), { routes: new Hono() }) };
  const host = createAgentHost({ target: echoAgent(), channels: [channel], store: memoryStore(), logger: silentLogger });
  return { host, ctx: captured.ctx as ChannelContext };
}

const alice = { channel: "chat", nativeId: "alice" };
const bob = { channel: "chat", nativeId: "bob" };
const groupKey = (userKey: string, scope: "per_conversation" | "per_user_per_conversation") =>
  groupSessionKey(scope, { channel: "chat", userKey, conversationId: "g1", isGroup: true }) as string;

describe("group sessions", () => {
  it("shares one per_conversation session between the people in a group", async () => {
    const { host, ctx } = chatHost();
    const say = (identity: typeof alice, input: string) =>
      ctx.run(createChannelRequest({ channel: "chat", input, identity, conversationId: "g1", session: { key: groupKey(identity.nativeId, "per_conversation") } }));
    await say(alice, "hi from alice");
    const second = await say(bob, "hi from bob");
    expect(second.result?.text).toContain("message 2 in this conversation");
    await host.close();
  });

  it("keeps per_user_per_conversation sessions apart", async () => {
    const { host, ctx } = chatHost();
    const say = (identity: typeof alice, input: string) =>
      ctx.run(createChannelRequest({ channel: "chat", input, identity, conversationId: "g1", session: { key: groupKey(identity.nativeId, "per_user_per_conversation") } }));
    await say(alice, "one");
    expect((await say(bob, "two")).result?.text).toBe("You said: two");
    await host.close();
  });

  it("never lets a caller-supplied key reach a shared group session", async () => {
    const chat = chatHost();
    const api = chatHost("caller-supplied");
    const key = groupKey("alice", "per_conversation");
    const inGroup = await chat.ctx.run(createChannelRequest({ channel: "chat", input: "secret", identity: alice, session: { key } }));
    const outside = await api.ctx.run(createChannelRequest({ channel: "chat", input: "probe", identity: bob, session: { key } }));
    expect(outside.session?.id).not.toBe(inGroup.session?.id);
    await Promise.all([chat.host.close(), api.host.close()]);
  });

  it("resets the group's conversation with /new in the group, and leaves the 1:1 one alone", async () => {
    const { host, ctx } = chatHost();
    const key = groupKey("alice", "per_conversation");
    const inGroup = (input: string) => ctx.run(createChannelRequest({ channel: "chat", input, identity: alice, conversationId: "g1", session: { key } }));
    const direct = (input: string) => ctx.run(createChannelRequest({ channel: "chat", input, identity: alice }));
    await inGroup("g-one");
    await direct("d-one");
    const replies: string[] = [];
    expect(await ctx.command({ text: "/new", identity: alice, conversationId: "g1", session: { key }, reply: async (text) => void replies.push(text) })).toBe(true);
    expect(replies[0]).toMatch(/new conversation in this chat/);
    expect((await inGroup("g-two")).result?.text).toBe("You said: g-two");
    expect((await direct("d-two")).result?.text).toContain("message 2 in this conversation");
    await host.close();
  });
});
