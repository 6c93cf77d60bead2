// Bad input at the mcp endpoint, sent raw: JSON-RPC errors with the status the SDK gives, 401 without
// the key, 403 for a foreign Host or Origin (DNS rebinding) — never a 500, never a hung stream.
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { request as httpRequest } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { post, startHost, textOf, type TestHost } from "./_mcp-host.ts";

let h: TestHost | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const callAsk = (args: Record<string, unknown>, id = 1) => ({ jsonrpc: "2.0", id, method: "tools/call", params: { name: "ask", arguments: args } });

/** The one JSON-RPC message of a response, whether it came as JSON or as one SSE event. */
async function messageOf(response: Response): Promise<{ id?: unknown; result?: Record<string, unknown>; error?: { code: number; message: string } }> {
  const text = await response.text();
  if (!response.headers.get("content-type")?.includes("text/event-stream")) return JSON.parse(text);
  const data = text.split("\n").filter((line) => line.startsWith("data: ") && line.length > 6);
  return JSON.parse(data.at(-1)!.slice(6));
}

/** node:http, because fetch always sends the real Host header. */
function postWithHost(endpoint: URL, host: string, body: object): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(endpoint, { method: "POST", headers: { host, "content-type": "application/json", accept: "application/json, text/event-stream" } }, (res) => {
      let text = "";
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

describe("mcp channel: protocol errors", () => {
  it("answers a raw tools/call (no initialize) in stateless mode", async () => {
    h = await startHost();
    const response = await post(h.endpoint, callAsk({ prompt: "raw" }));
    expect(response.status).toBe(200);
    expect(textOf((await messageOf(response)).result ?? {})).toBe("You said: raw");
  });

  it("malformed JSON → 400 with JSON-RPC -32700", async () => {
    h = await startHost();
    const response = await post(h.endpoint, "{not json");
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect((await response.json()).error.code).toBe(-32700);
  });

  it("JSON that is not a JSON-RPC message → 400 with -32600", async () => {
    h = await startHost();
    const response = await post(h.endpoint, { hello: "world" });
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe(-32600);
  });

  it("an unknown method → -32601", async () => {
    h = await startHost();
    const response = await post(h.endpoint, { jsonrpc: "2.0", id: 7, method: "nothing/here" });
    expect(response.status).toBe(200);
    const message = await messageOf(response);
    expect(message.id).toBe(7);
    expect(message.error?.code).toBe(-32601);
  });

  it("an unknown tool → -32602; arguments that miss the schema → an isError result the model can fix", async () => {
    h = await startHost();
    const unknown = await messageOf(await post(h.endpoint, { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "nope", arguments: {} } }));
    expect(unknown.error?.code).toBe(-32602);
    // The SDK follows the spec here: input validation errors are tool execution errors (SEP-1303).
    const missing = await messageOf(await post(h.endpoint, callAsk({ sessionId: "x" })));
    expect(missing.result?.isError).toBe(true);
    expect(textOf(missing.result ?? {})).toContain("prompt");
  });

  it("a wrong Content-Type → 415, a missing Accept → 406", async () => {
    h = await startHost();
    const text = await post(h.endpoint, callAsk({ prompt: "x" }), { "content-type": "text/plain" });
    expect(text.status).toBe(415);
    expect((await text.json()).error.code).toBe(-32000);
    const accept = await post(h.endpoint, callAsk({ prompt: "x" }), { accept: "application/json" });
    expect(accept.status).toBe(406);
    expect((await accept.json()).error.code).toBe(-32000);
  });

  it("GET, DELETE (and PUT) in stateless mode → 405 with a JSON-RPC body", async () => {
    h = await startHost();
    for (const method of ["GET", "DELETE", "PUT"]) {
      const response = await fetch(h.endpoint, { method, headers: { accept: "text/event-stream" } });
      expect(response.status).toBe(405);
      expect((await response.json()).error.code).toBe(-32000);
    }
  });

  it("moves the endpoint with the path option", async () => {
    h = await startHost({ channel: { path: "/tools/agent" } });
    expect((await post(h.endpoint, callAsk({ prompt: "moved" }))).status).toBe(200);
    expect((await post(new URL("/mcp", h.endpoint), callAsk({ prompt: "old" }))).status).toBe(404);
  });
});

describe("mcp channel: bearer key", () => {
  it("needs the key when one is set: 401 with a JSON-RPC body; the client fails with its message", async () => {
    h = await startHost({ channel: { apiKey: "sekret" } });
    const missing = await post(h.endpoint, callAsk({ prompt: "x" }));
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toContain("Bearer");
    expect((await missing.json()).error.message).toContain("Missing API key");
    expect((await post(h.endpoint, callAsk({ prompt: "x" }), { authorization: "Bearer wrong" })).status).toBe(401);

    const client = new Client({ name: "no-key", version: "1.0.0" });
    await expect(client.connect(new StreamableHTTPClientTransport(h.endpoint))).rejects.toThrow(/Missing API key/);

    const { client: keyed } = await h.connect({ apiKey: "sekret" });
    expect(textOf(await keyed.callTool({ name: "ask", arguments: { prompt: "with key" } }))).toBe("You said: with key");
  });
});

describe("mcp channel: DNS-rebinding protection", () => {
  it("rejects a foreign Host or Origin with 403 and accepts localhost", async () => {
    h = await startHost();
    const foreign = await postWithHost(h.endpoint, "evil.example:80", callAsk({ prompt: "x" }));
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.text).error.message).toContain("MCP_ALLOWED_HOSTS");
    expect((await postWithHost(h.endpoint, `localhost:${h.endpoint.port}`, callAsk({ prompt: "x" }))).status).toBe(200);
    const origin = await post(h.endpoint, callAsk({ prompt: "x" }), { origin: "https://evil.example" });
    expect(origin.status).toBe(403);
    expect((await origin.json()).error.code).toBe(-32000);
    expect((await post(h.endpoint, callAsk({ prompt: "x" }), { origin: "http://localhost:6274" })).status).toBe(200);
  });

  it("accepts the hosts in allowedHosts (MCP_ALLOWED_HOSTS), and any with *", async () => {
    h = await startHost({ channel: { allowedHosts: ["agent.example.com"] } });
    expect((await postWithHost(h.endpoint, "agent.example.com", callAsk({ prompt: "x" }))).status).toBe(200);
    expect((await postWithHost(h.endpoint, "evil.example", callAsk({ prompt: "x" }))).status).toBe(403);
    await h.close();
    h = await startHost({ channel: { allowedHosts: ["*"] } });
    expect((await postWithHost(h.endpoint, "evil.example", callAsk({ prompt: "x" }))).status).toBe(200);
  });
});
