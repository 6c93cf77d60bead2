// Session mode (`sessions: true`): the MCP session carries the conversation, DELETE ends it, an
// unknown session is 404, and `notifications/cancelled` reaches the running call.
import { afterEach, describe, expect, it } from "vitest";
import { post, startHost, textOf, waitingAgent, type TestHost } from "./_mcp-host.ts";

let h: TestHost | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const initialize = {
  jsonrpc: "2.0",
  id: 0,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1.0.0" } },
};
const callAsk = (prompt: string) => ({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "ask", arguments: { prompt } } });

describe("mcp channel, sessions: true", () => {
  it("continues the conversation within an MCP session; sessionId still picks another", async () => {
    h = await startHost({ channel: { sessions: true } });
    const { client, transport } = await h.connect();
    expect(transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const ask = async (prompt: string, sessionId?: string) =>
      textOf(await client.callTool({ name: "ask", arguments: { prompt, ...(sessionId ? { sessionId } : {}) } }));
    expect(await ask("first")).toBe("You said: first");
    expect(await ask("second")).toBe("You said: second (message 2 in this conversation)");
    expect(await ask("aside", "other")).toBe("You said: aside");

    const { client: another } = await h.connect();
    expect(textOf(await another.callTool({ name: "ask", arguments: { prompt: "hello" } }))).toBe("You said: hello");
  });

  it("ends the session on DELETE; the old id is then unknown (404)", async () => {
    h = await startHost({ channel: { sessions: true } });
    const { transport } = await h.connect();
    const sessionId = transport.sessionId!;
    await transport.terminateSession();
    const response = await post(h.endpoint, callAsk("still there?"), { "mcp-session-id": sessionId, "mcp-protocol-version": "2025-06-18" });
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe(-32001);
  });

  it("answers an unknown session with 404 and a request without one (not initialize) with 400", async () => {
    h = await startHost({ channel: { sessions: true } });
    const unknown = await post(h.endpoint, callAsk("x"), { "mcp-session-id": "no-such-session" });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.message).toContain("initialize");
    const without = await post(h.endpoint, callAsk("x"));
    expect(without.status).toBe(400);
    expect((await without.json()).error.code).toBe(-32000);
    const get = await fetch(h.endpoint, { headers: { accept: "text/event-stream", "mcp-session-id": "no-such-session" } });
    expect(get.status).toBe(404);
  });

  it("opens a session for a raw initialize and returns its id in mcp-session-id", async () => {
    h = await startHost({ channel: { sessions: true } });
    const response = await post(h.endpoint, initialize);
    expect(response.status).toBe(200);
    const sessionId = response.headers.get("mcp-session-id");
    expect(sessionId).toBeTruthy();
    await response.text();
    const deleted = await fetch(h.endpoint, { method: "DELETE", headers: { "mcp-session-id": sessionId!, "mcp-protocol-version": "2025-06-18" } });
    expect(deleted.status).toBe(200);
  });

  it("aborts the run on notifications/cancelled", async () => {
    const { target, aborted } = waitingAgent();
    h = await startHost({ target, channel: { sessions: true } });
    const { client } = await h.connect();
    const cancel = new AbortController();
    const call = client.callTool({ name: "ask", arguments: { prompt: "wait" } }, { signal: cancel.signal, onprogress: () => cancel.abort() });
    await expect(call).rejects.toThrow();
    await aborted;
  });

  it("aborts the run when the caller hangs up", async () => {
    const { target, aborted } = waitingAgent();
    h = await startHost({ target, channel: { sessions: true } });
    const { client } = await h.connect();
    let started = () => {};
    const running = new Promise<void>((resolve) => (started = resolve));
    const call = client.callTool({ name: "ask", arguments: { prompt: "wait" } }, { onprogress: () => started() });
    await running;
    await client.close();
    await expect(call).rejects.toThrow();
    await aborted;
  });

  it("serves 2026-07-28 clients per request next to the sessions", async () => {
    h = await startHost({ channel: { sessions: true } });
    const { client } = await h.connect({ modern: true });
    expect(textOf(await client.callTool({ name: "ask", arguments: { prompt: "modern", sessionId: "m" } }))).toBe("You said: modern");
    expect(textOf(await client.callTool({ name: "ask", arguments: { prompt: "again", sessionId: "m" } }))).toBe(
      "You said: again (message 2 in this conversation)",
    );
  });
});
