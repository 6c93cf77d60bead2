// Sessions: caller-supplied keys, host-tracked sessions per identity, modes, reset rotation,
// and two concurrent turns on one session serialized with no lost or interleaved history.
import { describe, expect, it } from "vitest";
import {
  createAgentHost, createChannelRequest, echoAgent, loadHistory, memoryStore, SessionRequiredError,
  silentLogger, type ChannelContext, type StoredMessage,
} from "../../src/index.ts";
import { HISTORY_NAMESPACE } from "../../src/session/history.ts";
import { jsonChannel } from "./_json-channel.ts";

function setup(agent = echoAgent(), sessionMode?: "auto" | "required" | "disabled") {
  let ctx!: ChannelContext;
  const store = memoryStore();
  const host = createAgentHost({ target: agent, channels: [jsonChannel({ sessionMode, onContext: (c) => (ctx = c) })], store, logger: silentLogger });
  return { host, store, ctx };
}

const textOf = (message: StoredMessage) => message.content.map((part) => (part.type === "text" ? part.text : "")).join("");

describe("sessions", () => {
  it("continues a caller-supplied session and creates a fresh one when none is named", async () => {
    const { host, ctx } = setup();
    const first = await ctx.run(createChannelRequest({ channel: "json", input: "one" }));
    expect(first.session?.key).toMatch(/^sess_/);
    const second = await ctx.run(createChannelRequest({ channel: "json", input: "two", session: { key: first.session!.key } }));
    expect(second.result?.text).toBe("You said: two (message 2 in this conversation)");
    const fresh = await ctx.run(createChannelRequest({ channel: "json", input: "three" }));
    expect(fresh.session?.key).not.toBe(first.session?.key);
    expect(fresh.result?.text).toBe("You said: three");
    await host.close();
  });

  it("stores user messages with their hosting envelope and assistant messages with status", async () => {
    const { host, store, ctx } = setup();
    const identity = { channel: "json", nativeId: "u1" };
    const outcome = await ctx.run(createChannelRequest({ channel: "json", input: "hi", identity }));
    const history = await loadHistory(store, outcome.session!.id);
    expect(history.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(history[0]?.envelope).toEqual({ channel: "json", identity, responseTarget: { kind: "originating" } });
    expect(history[1]).toMatchObject({ status: "completed", deliveries: [] });
    await host.close();
  });

  it("tracks a session per identity, scopes keys by isolation key, and rotates on reset", async () => {
    const { host, ctx } = setup();
    const alice = { channel: "json", nativeId: "alice" };
    const a1 = await ctx.run(createChannelRequest({ channel: "json", input: "a", identity: alice }));
    const a2 = await ctx.run(createChannelRequest({ channel: "json", input: "b", identity: alice }));
    expect(a2.session?.id).toBe(a1.session?.id);
    expect(a2.result?.text).toContain("message 2");

    const bob = await ctx.run(createChannelRequest({ channel: "json", input: "c", identity: { channel: "json", nativeId: "bob" }, session: { key: a1.session!.key } }));
    expect(bob.session?.id).not.toBe(a1.session?.id); // the same key under another identity is another session

    const newKey = await host.resetSession(a1.session!.isolationKey!);
    const a3 = await ctx.run(createChannelRequest({ channel: "json", input: "d", identity: alice }));
    expect(a3.session?.key).toBe(newKey);
    expect(a3.result?.text).toBe("You said: d");
    await host.close();
  });

  it("issues one stable isolation key per (channel, nativeId), even on concurrent first contact", async () => {
    const { host, ctx } = setup();
    const runs = await Promise.all(
      Array.from({ length: 5 }, () => ctx.run(createChannelRequest({ channel: "json", input: "x", identity: { channel: "json", nativeId: "same" } }))),
    );
    expect(new Set(runs.map((run) => run.session?.isolationKey)).size).toBe(1);
    await host.close();
  });

  it("answers 409 in required mode when nothing identifies a session, and keeps no history when disabled", async () => {
    const required = setup(echoAgent(), "required");
    await expect(required.ctx.run(createChannelRequest({ channel: "json", input: "x", sessionMode: "required" }))).rejects.toBeInstanceOf(SessionRequiredError);
    const response = await required.host.app.request("/json/chat", { method: "POST", body: JSON.stringify({ text: "x" }), headers: { "content-type": "application/json" } });
    expect(response.status).toBe(409);
    await required.host.close();

    const disabled = setup(echoAgent(), "disabled");
    const outcome = await disabled.ctx.run(createChannelRequest({ channel: "json", input: "x", sessionMode: "disabled" }));
    expect(outcome.session).toBeUndefined();
    expect(await disabled.store.list(HISTORY_NAMESPACE)).toEqual([]);
    await disabled.host.close();
  });

  it("serializes concurrent turns on one session: no lost or interleaved history", async () => {
    const { host, store, ctx } = setup(echoAgent({ delayMs: 5 }));
    const first = await ctx.run(createChannelRequest({ channel: "json", input: "start", session: { key: "shared" } }));
    const turns = Array.from({ length: 6 }, (_, i) => ctx.run(createChannelRequest({ channel: "json", input: `turn ${i}`, session: { key: "shared" } })));
    const outcomes = await Promise.all(turns);
    const numbers = outcomes.map((o) => Number(/message (\d+)/.exec(o.result?.text ?? "")?.[1]));
    expect(numbers.sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7]);
    const history = await loadHistory(store, first.session!.id);
    expect(history).toHaveLength(14);
    for (let i = 0; i < history.length; i += 2) {
      expect(history[i]?.role).toBe("user");
      expect(history[i + 1]?.role).toBe("assistant");
      expect(textOf(history[i + 1]!)).toContain(`You said: ${textOf(history[i]!)}`);
    }
    await host.close();
  });

  it("records a cancelled turn when the consumer stops reading a stream", async () => {
    const { host, store, ctx } = setup(echoAgent({ delayMs: 20 }));
    const stream = await ctx.stream(createChannelRequest({ channel: "json", input: "one two three four five six", stream: true }));
    if (stream.continuation) throw new Error("an originating request must stream, not be deferred");
    for await (const update of stream.updates) {
      expect(update.type).toBe("text-delta");
      break;
    }
    const result = await stream.result;
    expect(result.status).toBe("cancelled");
    expect((await loadHistory(store, stream.session!.id)).at(-1)).toMatchObject({ role: "assistant", status: "cancelled" });
    await host.close();
  });
});
