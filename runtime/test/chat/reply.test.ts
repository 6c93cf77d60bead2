// answerChat against a recording sink: whole answers split at the limit, streamed answers by edits,
// typing while the agent runs, refusals (run hook, link challenge in a group) told in the chat.
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { answerChat, type ChatReplySink } from "../../src/chat/reply.ts";
import { claimOnce } from "../../src/chat/dedupe.ts";
import { codeLinker, createAgentHost, createChannelRequest, echoAgent, memoryStore, silentLogger, type Channel, type ChannelContext, type RunHook } from "../../src/index.ts";

function hostWith(options: { runHook?: RunHook; requireLink?: boolean; delayMs?: number } = {}) {
  const captured: { ctx?: ChannelContext } = {};
  const channel: Channel = { name: "chat", path: "/chat", runHook: options.runHook, contribute: (ctx) => ((captured.ctx = ctx), { routes: new Hono() }) };
  const host = createAgentHost({
    target: echoAgent({ delayMs: options.delayMs ?? 0 }),
    channels: [channel],
    store: memoryStore(),
    logger: silentLogger,
    ...(options.requireLink ? { identityLinker: codeLinker, requireLink: true } : {}),
  });
  return { host, ctx: captured.ctx as ChannelContext };
}

function recordingSink(limit: number, withEdits: boolean) {
  const shown = new Map<string, string>();
  const log: string[] = [];
  let next = 0;
  const sink: ChatReplySink = {
    limit,
    send: async (text) => {
      const id = `m${++next}`;
      shown.set(id, text);
      log.push(`send ${id}`);
      return id;
    },
    typing: async () => void log.push("typing"),
    sendPrivately: async (text) => void log.push(`private ${text}`),
    ...(withEdits ? { edit: async (id: string, text: string) => void (shown.set(id, text), log.push(`edit ${id}`)) } : {}),
  };
  return { sink, log, messages: () => [...shown.values()] };
}

const identity = { channel: "chat", nativeId: "u1" };
const request = (input: string) => createChannelRequest({ channel: "chat", input, identity, conversationId: "c1" });

describe("answerChat", () => {
  it("sends the whole answer split at the limit, after a typing indicator", async () => {
    const { host, ctx } = hostWith();
    const { sink, log, messages } = recordingSink(40, false);
    const words = Array.from({ length: 20 }, (_, i) => `w${i}`).join(" ");
    const answer = await answerChat(ctx, request(words), sink);
    expect(answer.status).toBe("answered");
    expect(log[0]).toBe("typing");
    expect(messages().every((m) => m.length <= 40)).toBe(true);
    expect(messages().join(" ")).toBe(`You said: ${words}`);
    await host.close();
  });

  it("streams by edits: one message sent, then edited until it shows the final text", async () => {
    const { host, ctx } = hostWith({ delayMs: 5 });
    const { sink, log, messages } = recordingSink(4096, true);
    const answer = await answerChat(ctx, request("one two three four five six"), sink, { editIntervalMs: 10 });
    expect(answer.status).toBe("answered");
    expect(messages()).toEqual(["You said: one two three four five six"]);
    expect(log.filter((entry) => entry.startsWith("send"))).toEqual(["send m1"]);
    expect(log.some((entry) => entry.startsWith("edit m1"))).toBe(true);
    await host.close();
  });

  it("tells the user why a run hook refused, and never throws", async () => {
    const { host, ctx } = hostWith({ runHook: () => { throw new Error("closed today"); } });
    const { sink, messages } = recordingSink(4096, false);
    const answer = await answerChat(ctx, request("hi"), sink);
    expect(answer).toMatchObject({ status: "refused", code: "request_rejected" });
    expect(messages()[0]).toContain("closed today");
    await host.close();
  });

  it("sends a group's link challenge privately and only a pointer to the group", async () => {
    const { host, ctx } = hostWith({ requireLink: true });
    const { sink, log, messages } = recordingSink(4096, false);
    const answer = await answerChat(ctx, request("hi"), sink, { isGroup: true });
    expect(answer).toMatchObject({ status: "refused", code: "link_required" });
    expect(log.some((entry) => entry.startsWith("private Link this account"))).toBe(true);
    expect(messages()).toEqual(["Link this account first: I sent you the instructions in a private message."]);
    await host.close();
  });

  it("answers a failed run with the reason instead of silence", async () => {
    const { host, ctx } = hostWith();
    const { sink, messages } = recordingSink(4096, false);
    await answerChat(ctx, request("/fail now"), sink);
    expect(messages()[0]).toMatch(/^Sorry, the agent failed: The echo agent was asked to fail/);
    await host.close();
  });
});

describe("claimOnce", () => {
  it("lets one claim of an id through", async () => {
    const store = memoryStore();
    const claims = await Promise.all([1, 2, 3].map(() => claimOnce(store, "telegram", "update-7")));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await claimOnce(store, "telegram", "update-8")).toBe(true);
    expect(await claimOnce(store, "discord", "update-7")).toBe(true);
  });
});
