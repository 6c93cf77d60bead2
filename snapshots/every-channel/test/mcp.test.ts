// The mcp channel end to end with the official MCP client: the `ask` tool, streamed progress,
// conversations by `sessionId`, failures as `isError` results, on both protocol eras.
import { echoAgent, type AgentTarget } from "agent-host";
import { afterEach, describe, expect, it } from "vitest";
import { startHost, textOf, waitingAgent, type TestHost } from "./_mcp-host.ts";

let h: TestHost | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe.each([
  { era: "2025 (initialize)", modern: false },
  { era: "2026-07-28 (per request)", modern: true },
])("mcp channel, $era", ({ modern }) => {
  it("lists the ask tool with the agent's description and input schema", async () => {
    h = await startHost({ target: echoAgent({ description: "Repeats what you say." }) });
    const { client } = await h.connect({ modern });
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(["ask"]);
    expect(tools[0]?.description).toBe("Repeats what you say.");
    expect(tools[0]?.inputSchema).toMatchObject({ type: "object", required: ["prompt"] });
    expect(Object.keys(tools[0]?.inputSchema.properties ?? {})).toEqual(["prompt", "sessionId"]);
  });

  it("answers a call with the agent's text and names the session it ran in", async () => {
    h = await startHost();
    const { client } = await h.connect({ modern });
    const result = await client.callTool({ name: "ask", arguments: { prompt: "Hello there" } });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toBe("You said: Hello there");
    expect(result._meta?.["agent-host/sessionId"]).toMatch(/^sess_/);
  });

  it("sends progress notifications while the agent streams", async () => {
    h = await startHost();
    const { client } = await h.connect({ modern });
    const seen: { progress: number; message?: string }[] = [];
    const result = await client.callTool(
      { name: "ask", arguments: { prompt: "one two three" } },
      { onprogress: (progress) => void seen.push(progress) },
    );
    expect(textOf(result)).toBe("You said: one two three");
    expect(seen.map((progress) => progress.message).join("")).toBe("You said: one two three");
    expect(seen.map((progress) => progress.progress)).toEqual([1, 2, 3, 4, 5]);
  });

  it("continues a conversation by sessionId and starts fresh without one", async () => {
    h = await startHost();
    const { client } = await h.connect({ modern });
    const ask = async (prompt: string, sessionId?: string) =>
      textOf(await client.callTool({ name: "ask", arguments: { prompt, ...(sessionId ? { sessionId } : {}) } }));
    expect(await ask("first", "chat-1")).toBe("You said: first");
    expect(await ask("second", "chat-1")).toBe("You said: second (message 2 in this conversation)");
    expect(await ask("elsewhere", "chat-2")).toBe("You said: elsewhere");
    expect(await ask("no id")).toBe("You said: no id");
    expect(await ask("no id again")).toBe("You said: no id again");
  });

  it("returns an agent failure as an isError result", async () => {
    h = await startHost();
    const { client } = await h.connect({ modern });
    const result = await client.callTool({ name: "ask", arguments: { prompt: "/fail now" } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("The echo agent was asked to fail.");
  });

  it("returns a run hook's rejection as an isError result and never calls the agent", async () => {
    let calls = 0;
    const target: AgentTarget = { ...echoAgent(), run: (input, context) => (calls++, echoAgent().run(input, context)) };
    h = await startHost({ target, channel: { runHook: () => { throw new Error("not on weekends"); } } });
    const { client } = await h.connect({ modern });
    const result = await client.callTool({ name: "ask", arguments: { prompt: "hi" } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("not on weekends");
    expect(calls).toBe(0);
  });
});

describe("mcp channel, cancellation", () => {
  it("2026-07-28: cancelling the call aborts the run", async () => {
    const { target, aborted } = waitingAgent();
    h = await startHost({ target });
    const { client } = await h.connect({ modern: true });
    const cancel = new AbortController();
    const call = client.callTool({ name: "ask", arguments: { prompt: "take your time" } }, { signal: cancel.signal, onprogress: () => cancel.abort() });
    await expect(call).rejects.toThrow();
    await aborted;
  });

  it("2025 stateless: a caller that hangs up aborts the run", async () => {
    const { target, aborted } = waitingAgent();
    h = await startHost({ target });
    const { client } = await h.connect();
    let started = () => {};
    const running = new Promise<void>((resolve) => (started = resolve));
    const call = client.callTool({ name: "ask", arguments: { prompt: "take your time" } }, { onprogress: () => started() });
    await running;
    await client.close();
    await expect(call).rejects.toThrow();
    await aborted;
  });
});
