// The `mcp` channel: your agent as one MCP tool (`ask`) over Streamable HTTP at `/mcp`, so Claude
// Desktop, VS Code, MCP Inspector or any MCP client can call it. Stateless by default.
import type { Channel, RunHook } from "agent-host";
import { createMcpHandler } from "@modelcontextprotocol/server";
import { Hono } from "hono";
import { dnsRebindingProtection, mcpBearerAuth, parseHostList, rejected } from "./mcp-guard.ts";
import { sessionEndpoint, type McpEndpoint } from "./mcp-sessions.ts";
import { createAskServer } from "./mcp-tool.ts";

export interface McpChannelOptions {
  /** The channel's name in requests, identities and logs. Default "mcp". */
  name?: string;
  /** The MCP endpoint (POST, GET and DELETE). Default "/mcp". */
  path?: string;
  /** Bearer key every request needs. Default `AGENT_HOST_API_KEY`; unset or empty = no auth. */
  apiKey?: string;
  /**
   * Hostnames accepted in `Host` and `Origin` besides localhost (DNS-rebinding protection).
   * Default `MCP_ALLOWED_HOSTS`, comma-separated; `["*"]` turns the check off.
   */
  allowedHosts?: string[];
  /** The tool's name. Default "ask". */
  toolName?: string;
  /**
   * `false` (default): stateless, a fresh server per request. `true`: 2025-era clients get an MCP
   * session (`mcp-session-id`), and calls without a `sessionId` continue that session's conversation.
   */
  sessions?: boolean;
  /** Rewrites or rejects each request before it runs (throw → an `isError` tool result). */
  runHook?: RunHook;
}

export function mcpChannel(options: McpChannelOptions = {}): Channel {
  const name = options.name ?? "mcp";
  return {
    name,
    path: options.path ?? "/mcp",
    runHook: options.runHook,
    // The tool call names the conversation (`sessionId`); a call without one starts a fresh thread.
    sessions: "caller-supplied",
    contribute(ctx) {
      const newServer = () => createAskServer(ctx, { channel: name, toolName: options.toolName ?? "ask" });
      // The SDK reports rejected requests here too (wrong content type, bad JSON); they are answered already.
      const onerror = (error: Error) => ctx.log.warn("mcp: request rejected or failed", { error: error.message });
      // Stateless: the SDK's handler serves 2026-07-28 requests and 2025-era ones, each with a fresh server.
      const endpoint: McpEndpoint = options.sessions ? sessionEndpoint(newServer, onerror) : createMcpHandler(newServer, { onerror });

      const app = new Hono();
      app.all("/", (c) => endpoint.fetch(c.req.raw)); // POST, GET, DELETE; the SDK answers others with 405
      app.onError((error, c) => {
        ctx.log.error("mcp: request failed", { error: String(error) });
        return rejected(c, 500, "The MCP endpoint failed to handle this request. See the server log.", -32603);
      });

      const allowedHosts = options.allowedHosts ?? parseHostList(process.env.MCP_ALLOWED_HOSTS);
      const apiKey = options.apiKey ?? process.env.AGENT_HOST_API_KEY;
      return {
        routes: app,
        middleware: [dnsRebindingProtection(allowedHosts), mcpBearerAuth(apiKey)],
        // Ends open SSE streams and sessions, so the server can stop.
        onShutdown: [() => endpoint.close()],
      };
    },
  };
}
