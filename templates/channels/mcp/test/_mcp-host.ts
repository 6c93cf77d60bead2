// Test helper: a real agent host on 127.0.0.1 with the mcp channel, and the official MCP client
// (Streamable HTTP) connected to it.
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { createAgentHost, echoAgent, memoryStore, silentLogger, type AgentHost, type AgentTarget, type Target } from "agent-host";
import { mcpChannel, type McpChannelOptions } from "../src/channels/mcp.ts";

export interface TestHost {
  host: AgentHost;
  /** The MCP endpoint, e.g. http://127.0.0.1:PORT/mcp. */
  endpoint: URL;
  /** A connected client; `modern` negotiates the 2026-07-28 revision, otherwise the 2025 handshake. */
  connect(options?: { modern?: boolean; apiKey?: string }): Promise<{ client: Client; transport: StreamableHTTPClientTransport }>;
  close(): Promise<void>;
}

export async function startHost(options: { channel?: McpChannelOptions; target?: Target } = {}): Promise<TestHost> {
  const host = createAgentHost({
    target: options.target ?? echoAgent(),
    // apiKey "" and allowedHosts [] keep stray AGENT_HOST_API_KEY / MCP_ALLOWED_HOSTS from changing the test.
    channels: [mcpChannel({ apiKey: "", allowedHosts: [], ...options.channel })],
    store: memoryStore(),
    logger: silentLogger,
  });
  const { url } = await host.serve({ port: 0 });
  const endpoint = new URL(`${url}${options.channel?.path ?? "/mcp"}`);
  const clients: Client[] = [];
  return {
    host,
    endpoint,
    async connect({ modern = false, apiKey } = {}) {
      const client = new Client({ name: "agent-host-test", version: "1.0.0" }, modern ? { versionNegotiation: { mode: "auto" } } : {});
      const requestInit = apiKey ? { headers: { authorization: `Bearer ${apiKey}` } } : undefined;
      const transport = new StreamableHTTPClientTransport(endpoint, requestInit ? { requestInit } : {});
      await client.connect(transport);
      clients.push(client);
      return { client, transport };
    },
    async close() {
      await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
      await host.close({ timeoutMs: 2000 });
    },
  };
}

/** The text of a tool result's first content block. */
export function textOf(result: { content?: unknown }): string {
  const [first] = (result.content ?? []) as { type: string; text?: string }[];
  return first?.type === "text" ? (first.text ?? "") : "";
}

/** Raw JSON-RPC over fetch, with the headers Streamable HTTP requires unless overridden. */
export function post(endpoint: URL, body: string | object, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** An agent that says one word, then waits until its run is aborted; `aborted` settles when it was. */
export function waitingAgent(): { target: AgentTarget; aborted: Promise<void> } {
  let onAbort = () => {};
  const aborted = new Promise<void>((resolve) => (onAbort = resolve));
  const target: AgentTarget = {
    kind: "agent",
    name: "waiting",
    async *run(_input, context) {
      context.signal.addEventListener("abort", onAbort, { once: true });
      yield { type: "text-delta", text: "thinking" };
      await new Promise((resolve) => context.signal.addEventListener("abort", resolve, { once: true }));
    },
  };
  return { target, aborted };
}
