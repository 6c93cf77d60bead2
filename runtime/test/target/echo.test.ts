// Tests for the offline echo agent: exact word-by-word deltas, the session counter, the failure
// path, usage, delays and prompt cancellation.
import { afterEach, describe, it, expect, vi } from "vitest";
import { echoAgent } from "../../src/target/echo.ts";
import { collectResult } from "../../src/target/result.ts";
import type { ChatMessage, RunUpdate, TargetContext } from "../../src/target/types.ts";

const user = (text: string): ChatMessage => ({ role: "user", content: [{ type: "text", text }] });
const assistant = (text: string): ChatMessage => ({ role: "assistant", content: [{ type: "text", text }] });
const context = (signal = new AbortController().signal): TargetContext => ({ signal, channel: "test", options: {} });

async function updatesOf(stream: AsyncIterable<RunUpdate>): Promise<RunUpdate[]> {
  const updates: RunUpdate[] = [];
  for await (const update of stream) updates.push(update);
  return updates;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("echoAgent", () => {
  it("describes itself as an agent with overridable name and description", () => {
    expect(echoAgent()).toMatchObject({ kind: "agent", name: "echo" });
    expect(echoAgent({ name: "parrot", description: "Repeats." })).toMatchObject({ name: "parrot", description: "Repeats." });
  });

  it("streams 'You said: <text>' one word (plus its following space) per delta", async () => {
    const updates = await updatesOf(echoAgent().run({ messages: [user("hello  there\nworld")] }, context()));
    const deltas = updates.flatMap((update) => (update.type === "text-delta" ? [update.text] : []));
    expect(deltas).toEqual(["You ", "said: ", "hello  ", "there\n", "world"]);
    expect(deltas.join("")).toBe("You said: hello  there\nworld");
  });

  it("answers the last user message and counts user messages in the conversation", async () => {
    const messages = [user("first"), assistant("You said: first"), user("second")];
    const result = await collectResult(echoAgent().run({ messages }, context()));
    expect(result.status).toBe("completed");
    expect(result.text).toBe("You said: second (message 2 in this conversation)");
  });

  it("joins the text parts of a message and ignores other parts", async () => {
    const message: ChatMessage = {
      role: "user",
      content: [{ type: "text", text: "look " }, { type: "uri", uri: "https://example.com/a.png" }, { type: "text", text: "here" }],
    };
    const result = await collectResult(echoAgent().run({ messages: [message] }, context()));
    expect(result.text).toBe("You said: look here");
  });

  it("reports usage as word counts", async () => {
    const result = await collectResult(echoAgent().run({ messages: [user("one two three")] }, context()));
    expect(result.usage).toEqual({ inputTokens: 3, outputTokens: 5, totalTokens: 8 });
  });

  it("fails on request with an echo_failure error", async () => {
    const result = await collectResult(echoAgent().run({ messages: [user("/fail please")] }, context()));
    expect(result.status).toBe("failed");
    expect(result.error).toEqual({ code: "echo_failure", message: "The echo agent was asked to fail." });
    expect(result.text).toBe("");
  });

  it("waits delayMs between words", async () => {
    const started = performance.now();
    const result = await collectResult(echoAgent({ delayMs: 20 }).run({ messages: [user("a b")] }, context()));
    expect(result.text).toBe("You said: a b");
    expect(performance.now() - started).toBeGreaterThanOrEqual(3 * 20 - 5);
  });

  it("stops promptly when the signal aborts mid-stream and leaves no timer behind", async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const updates = echoAgent({ delayMs: 10_000 }).run({ messages: [user("never finished")] }, context(controller.signal));
    const iterator = updates[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ done: false, value: { type: "text-delta", text: "You " } });
    const next = iterator.next();
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();
    expect(await next).toEqual({ done: true, value: undefined });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("uses no timers at all without a delay", async () => {
    vi.useFakeTimers();
    const result = await collectResult(echoAgent().run({ messages: [user("quick")] }, context()));
    expect(result.text).toBe("You said: quick");
    expect(vi.getTimerCount()).toBe(0);
  });

  it("emits nothing once the signal is already aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    const updates = await updatesOf(echoAgent().run({ messages: [user("hi")] }, context(controller.signal)));
    expect(updates).toEqual([]);
  });
});
