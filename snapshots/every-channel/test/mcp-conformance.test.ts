// The mcp channel passes the channel conformance suite every channel runs; a refused turn is an MCP
// tool result with `isError` (HTTP 200), as the protocol asks, not an HTTP 422.
import { describeChannelConformance } from "agent-host/testing";
import { mcpChannel } from "../src/channels/mcp.ts";

/** The JSON-RPC result inside a Streamable HTTP answer (one SSE `data:` line, or plain JSON). */
async function toolResult(response: Response): Promise<{ content?: { type: string; text?: string }[]; isError?: boolean }> {
  const body = await response.text();
  const json = response.headers.get("content-type")?.includes("text/event-stream")
    ? body.split("\n").filter((line) => line.startsWith("data: ")).map((line) => JSON.parse(line.slice(6))).find((message) => "result" in message)
    : JSON.parse(body);
  return json?.result ?? {};
}

const text = async (response: Response) => (await toolResult(response)).content?.map((part) => part.text ?? "").join("") ?? "";

describeChannelConformance("mcp", {
  create: (options) => mcpChannel({ apiKey: "", allowedHosts: [], ...options }),
  defaultRoot: "/mcp",
  request: (root, prompt) => ({
    method: "POST",
    path: root,
    headers: { accept: "application/json, text/event-stream" },
    body: { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "ask", arguments: { prompt } } },
  }),
  answerText: text,
  rejectionText: text,
});
