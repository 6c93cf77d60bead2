// parseCommand and ChannelContext.command: `/name args`, `/name@bot` in groups, unknown commands
// left for the agent, and the built-in /new resetting the sender's conversation.
import { describe, expect, it } from "vitest";
import { Hono } from "hono";
import { createAgentHost, createChannelRequest, echoAgent, memoryStore, parseAllowlist, silentLogger, type Channel, type ChannelContext } from "../../src/index.ts";
import { parseCommand } from "../../src/chat/command.ts";

describe("parseCommand", () => {
  it("reads the name and the arguments", () => {
    expect(parseCommand("/link 482931")).toEqual({ name: "link", args: "482931" });
    expect(parseCommand("  /NEW  ")).toEqual({ name: "new", args: "" });
    expect(parseCommand("/ask what is\nthis?")).toEqual({ name: "ask", args: "what is\nthis?" });
  });

  it("takes /name@bot only when it names this bot", () => {
    expect(parseCommand("/new@MyBot", "mybot")).toEqual({ name: "new", args: "" });
    expect(parseCommand("/new@OtherBot", "mybot")).toBeUndefined();
  });

  it("is not fooled by text that only looks like a command", () => {
    for (const text of ["hello /new", "/", "//new", "/ new", "/new-thing"]) expect(parseCommand(text)).toBeUndefined();
  });
});

describe("ChannelContext.command", () => {
  const captured: { ctx?: ChannelContext } = {};
  const channel: Channel = { name: "chat", path: "/chat", contribute: (ctx) => ((captured.ctx = ctx), { routes: new Hono() }) };
  const identity = { channel: "chat", nativeId: "u1" };

  it("runs /new for the sender and leaves other text to the agent", async () => {
    const host = createAgentHost({ target: echoAgent(), channels: [channel], store: memoryStore(), logger: silentLogger });
    const ctx = captured.ctx as ChannelContext;
    const first = await ctx.run(createChannelRequest({ channel: "chat", input: "one", identity }));
    const second = await ctx.run(createChannelRequest({ channel: "chat", input: "two", identity }));
    expect(second.result?.text).toContain("message 2 in this conversation");

    const replies: string[] = [];
    const reply = async (text: string) => void replies.push(text);
    expect(await ctx.command({ text: "/new", identity, reply })).toBe(true);
    expect(replies[0]).toMatch(/Started a new conversation/);
    expect(await ctx.command({ text: "/unknown thing", identity, reply })).toBe(false);
    expect(await ctx.command({ text: "just text", identity, reply })).toBe(false);

    const third = await ctx.run(createChannelRequest({ channel: "chat", input: "three", identity }));
    expect(third.result?.text).toBe("You said: three");
    expect(first.session?.id).not.toBe(third.session?.id);
    await host.close();
  });

  it("answers a refused identity instead of running the command", async () => {
    const host = createAgentHost({ target: echoAgent(), channels: [channel], store: memoryStore(), logger: silentLogger, allowlist: parseAllowlist("chat:someone-else") });
    const replies: string[] = [];
    expect(await (captured.ctx as ChannelContext).command({ text: "/new", identity, reply: async (text) => void replies.push(text) })).toBe(true);
    expect(replies).toEqual(["This chat account is not allowed to use this agent."]);
    await host.close();
  });
});
