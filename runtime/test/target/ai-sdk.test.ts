// Tests for the AI SDK adapter, offline with the SDK's own mock model: streamed deltas, history and
// instructions as the model sees them, a tool round trip, model errors as results, and abort.
import { describe, it, expect } from "vitest";
import { simulateReadableStream, tool } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { z } from "zod";
import { aiSdkAgent } from "../../src/target/ai-sdk.ts";
import { collectResult } from "../../src/target/result.ts";
import type { ChatMessage, RunUpdate, TargetContext } from "../../src/target/types.ts";

const user = (text: string): ChatMessage => ({ role: "user", content: [{ type: "text", text }] });
const context = (extra: Partial<TargetContext> = {}): TargetContext => ({ signal: new AbortController().signal, channel: "test", options: {}, ...extra });

type StreamResult = Awaited<ReturnType<MockLanguageModelV4["doStream"]>>;
type LanguageModelV4StreamPart = StreamResult["stream"] extends ReadableStream<infer Part> ? Part : never;

const usage = {
  inputTokens: { total: 7, noCache: 7, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 3, text: 3, reasoning: undefined },
};
const finish: LanguageModelV4StreamPart = { type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage };

function textChunks(...deltas: string[]): LanguageModelV4StreamPart[] {
  return [
    { type: "stream-start", warnings: [] },
    { type: "text-start", id: "t1" },
    ...deltas.map((delta): LanguageModelV4StreamPart => ({ type: "text-delta", id: "t1", delta })),
    { type: "text-end", id: "t1" },
    finish,
  ];
}

function streamingModel(...steps: LanguageModelV4StreamPart[][]): MockLanguageModelV4 {
  return new MockLanguageModelV4({ doStream: steps.map((chunks) => ({ stream: simulateReadableStream({ chunks, initialDelayInMs: null, chunkDelayInMs: null }) })) });
}

async function updatesOf(stream: AsyncIterable<RunUpdate>): Promise<RunUpdate[]> {
  const updates: RunUpdate[] = [];
  for await (const update of stream) updates.push(update);
  return updates;
}

describe("aiSdkAgent", () => {
  it("is an agent target with overridable name and description", () => {
    const model = streamingModel(textChunks("hi"));
    expect(aiSdkAgent({ model })).toMatchObject({ kind: "agent", name: "assistant" });
    expect(aiSdkAgent({ model, name: "helper", description: "Helps." })).toMatchObject({ name: "helper", description: "Helps." });
  });

  it("streams text deltas as text-delta updates and reports usage", async () => {
    const model = streamingModel(textChunks("Hello", ", ", "world"));
    const updates = await updatesOf(aiSdkAgent({ model }).run({ messages: [user("hi")] }, context()));
    expect(updates).toEqual([
      { type: "text-delta", text: "Hello" },
      { type: "text-delta", text: ", " },
      { type: "text-delta", text: "world" },
      { type: "usage", usage: { inputTokens: 7, outputTokens: 3, totalTokens: 10 } },
    ]);
    const result = await collectResult(aiSdkAgent({ model: streamingModel(textChunks("Hello", ", ", "world")) }).run({ messages: [user("hi")] }, context()));
    expect(result).toMatchObject({ status: "completed", text: "Hello, world" });
  });

  it("combines the agent system prompt, history system messages and request instructions", async () => {
    const model = streamingModel(textChunks("ok"));
    const messages: ChatMessage[] = [{ role: "system", content: [{ type: "text", text: "From history." }] }, user("hi")];
    await collectResult(aiSdkAgent({ model, system: "Be brief." }).run({ messages, instructions: "Answer in English." }, context()));
    expect(model.doStreamCalls[0]?.prompt).toEqual([
      { role: "system", content: "Be brief.\n\nFrom history.\n\nAnswer in English." },
      { role: "user", content: [{ type: "text", text: "hi" }] },
    ]);
  });

  it("passes the session history to the model as messages", async () => {
    const model = new MockLanguageModelV4({
      supportedUrls: { "image/*": [/^https:/] },
      doStream: { stream: simulateReadableStream({ chunks: textChunks("2"), initialDelayInMs: null, chunkDelayInMs: null }) },
    });
    const history: ChatMessage[] = [
      {
        role: "user",
        content: [
          { type: "text", text: "Look:" },
          { type: "data", mediaType: "image/png", data: "aGk=", name: "a.png" },
          { type: "uri", uri: "https://example.com/b.png", mediaType: "image/png" },
          { type: "uri", uri: "https://example.com/page", title: "Page" },
        ],
      },
      {
        role: "assistant",
        content: [
          { type: "reasoning", text: "Count them." },
          { type: "tool-call", toolCallId: "c0", toolName: "count", input: { of: "images" } },
          { type: "tool-result", toolCallId: "c0", toolName: "count", output: { count: 2 } },
          { type: "text", text: "Two images." },
          { type: "error", code: "late", message: "not for the model" },
        ],
      },
      user("Sure?"),
    ];
    await collectResult(aiSdkAgent({ model }).run({ messages: history }, context()));
    expect(model.doStreamCalls[0]?.prompt).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "Look:" },
          { type: "file", mediaType: "image/png", filename: "a.png", data: { type: "data", data: "aGk=" } },
          { type: "file", mediaType: "image/png", data: { type: "url", url: new URL("https://example.com/b.png") } },
          { type: "text", text: "Page: https://example.com/page" },
        ],
      },
      {
        role: "assistant",
        content: [
          { type: "reasoning", text: "Count them." },
          { type: "tool-call", toolCallId: "c0", toolName: "count", input: { of: "images" } },
        ],
      },
      { role: "tool", content: [{ type: "tool-result", toolCallId: "c0", toolName: "count", output: { type: "json", value: { count: 2 } } }] },
      { role: "assistant", content: [{ type: "text", text: "Two images." }] },
      { role: "user", content: [{ type: "text", text: "Sure?" }] },
    ]);
  });

  it("forwards numeric temperature and maxOutputTokens from the caller's options only", async () => {
    const model = streamingModel(textChunks("a"), textChunks("b"));
    const agent = aiSdkAgent({ model });
    await collectResult(agent.run({ messages: [user("x")] }, context({ options: { temperature: 0.2, maxOutputTokens: 64 } })));
    await collectResult(agent.run({ messages: [user("x")] }, context({ options: { temperature: "hot", maxOutputTokens: null } })));
    expect(model.doStreamCalls.map((call) => [call.temperature, call.maxOutputTokens])).toEqual([
      [0.2, 64],
      [undefined, undefined],
    ]);
  });

  it("runs a tool round trip and streams reasoning, files, calls and results", async () => {
    const model = streamingModel(
      [
        { type: "stream-start", warnings: [] },
        { type: "reasoning-start", id: "r1" },
        { type: "reasoning-delta", id: "r1", delta: "Use the tool." },
        { type: "reasoning-end", id: "r1" },
        { type: "file", mediaType: "image/png", data: { type: "data", data: "aGk=" } },
        { type: "tool-call", toolCallId: "call-1", toolName: "add", input: JSON.stringify({ a: 1, b: 2 }) },
        { type: "tool-call", toolCallId: "call-2", toolName: "explode", input: "{}" },
        { type: "finish", finishReason: { unified: "tool-calls", raw: "tool_calls" }, usage },
      ],
      textChunks("1 + 2 = 3"),
    );
    const tools = {
      add: tool({ inputSchema: z.object({ a: z.number(), b: z.number() }), execute: async ({ a, b }) => a + b }),
      explode: tool({ inputSchema: z.object({}), execute: async (): Promise<number> => { throw new Error("The tool broke."); } }),
    };
    const updates = await updatesOf(aiSdkAgent({ model, tools }).run({ messages: [user("1 + 2?")] }, context()));
    expect(updates.slice(0, 4)).toEqual([
      { type: "reasoning-delta", text: "Use the tool." },
      { type: "file", mediaType: "image/png", data: "aGk=" },
      { type: "tool-call", toolCallId: "call-1", toolName: "add", input: { a: 1, b: 2 } },
      { type: "tool-call", toolCallId: "call-2", toolName: "explode", input: {} },
    ]);
    // The tools run concurrently, so their results may arrive in either order.
    expect(updates.slice(4, 6)).toHaveLength(2);
    expect(updates.slice(4, 6)).toEqual(
      expect.arrayContaining([
        { type: "tool-result", toolCallId: "call-1", toolName: "add", output: 3 },
        { type: "tool-result", toolCallId: "call-2", toolName: "explode", output: "The tool broke.", isError: true },
      ]),
    );
    expect(updates.slice(6)).toEqual([
      { type: "text-delta", text: "1 + 2 = 3" },
      { type: "usage", usage: { inputTokens: 14, outputTokens: 6, totalTokens: 20 } },
    ]);
    // The second model call sees the first call's tool result.
    expect(model.doStreamCalls[1]?.prompt.at(-1)).toMatchObject({
      role: "tool",
      content: expect.arrayContaining([
        expect.objectContaining({ type: "tool-result", toolCallId: "call-1", output: { type: "json", value: 3 } }),
        expect.objectContaining({ type: "tool-result", toolCallId: "call-2" }),
      ]),
    });
  });

  it("stops after maxSteps model calls", async () => {
    const toolStep: LanguageModelV4StreamPart[] = [
      { type: "tool-call", toolCallId: "again", toolName: "noop", input: "{}" },
      { type: "finish", finishReason: { unified: "tool-calls", raw: "tool_calls" }, usage },
    ];
    const model = streamingModel(toolStep, toolStep, textChunks("never"));
    const tools = { noop: tool({ inputSchema: z.object({}), execute: async () => "ok" }) };
    const result = await collectResult(aiSdkAgent({ model, tools, maxSteps: 2 }).run({ messages: [user("loop")] }, context()));
    expect(model.doStreamCalls).toHaveLength(2);
    expect(result.status).toBe("completed");
  });

  it("turns a model call that throws into an error update and a failed result", async () => {
    const model = new MockLanguageModelV4({
      doStream: async () => {
        throw new TypeError("Rate limit exceeded.");
      },
    });
    const result = await collectResult(aiSdkAgent({ model }).run({ messages: [user("x")] }, context()));
    expect(result.status).toBe("failed");
    expect(result.error).toEqual({ code: "TypeError", message: "Rate limit exceeded." });
  });

  it("turns an error part in the stream into an error update, without extra detail", async () => {
    const failure = Object.assign(new Error("Upstream overloaded."), { name: "AI_APICallError", responseBody: "secret details" });
    const model = streamingModel([{ type: "stream-start", warnings: [] }, { type: "error", error: failure }, finish]);
    const updates = await updatesOf(aiSdkAgent({ model }).run({ messages: [user("x")] }, context()));
    expect(updates).toContainEqual({ type: "error", error: { code: "AI_APICallError", message: "Upstream overloaded." } });
    expect(JSON.stringify(updates)).not.toContain("secret details");
  });

  it("stops the stream when the signal aborts, without an error update", async () => {
    const controller = new AbortController();
    const chunks = textChunks("one ", "two ", "three ", "four");
    const model = new MockLanguageModelV4({
      doStream: { stream: simulateReadableStream({ chunks, initialDelayInMs: null, chunkDelayInMs: 200 }) },
    });
    const updates: RunUpdate[] = [];
    let abortedAt = 0;
    for await (const update of aiSdkAgent({ model }).run({ messages: [user("x")] }, context({ signal: controller.signal }))) {
      updates.push(update);
      if (update.type === "text-delta") {
        abortedAt = performance.now();
        controller.abort();
      }
    }
    expect(updates).toEqual([{ type: "text-delta", text: "one " }]);
    expect(model.doStreamCalls[0]?.abortSignal?.aborted).toBe(true);
    // The next chunk would only come 200 ms later: the stream ends without waiting for it.
    expect(performance.now() - abortedAt).toBeLessThan(150);
  });
});
