// DNS-rebinding protection and the bearer key for the MCP endpoint, answering in the JSON-RPC error
// shape MCP clients expect. A web page must not reach a local MCP server through a rebound hostname.
import { bearerAuth } from "agent-host";
import { localhostAllowedHostnames, validateHostHeader, validateOriginHeader } from "@modelcontextprotocol/server";
import type { Context, MiddlewareHandler } from "hono";

/**
 * Checks the hostnames of `Host` and `Origin` (ports ignored): localhost, plus `allowedHosts`; no check
 * at all for `["*"]` (behind a gateway that checks them). Anything else → 403.
 */
export function dnsRebindingProtection(allowedHosts: readonly string[]): MiddlewareHandler {
  if (allowedHosts.includes("*")) return (_c, next) => next();
  const allowed = [...localhostAllowedHostnames(), ...allowedHosts];
  return async (c, next) => {
    // Browsers always send Host. A request built in-process (`host.fetch`, tests) may not: its URL names the host.
    const host = validateHostHeader(c.req.header("host") ?? new URL(c.req.url).host, allowed);
    if (!host.ok) return rejected(c, 403, `${host.message}. Add the hostname to MCP_ALLOWED_HOSTS (comma-separated) to accept it.`);
    const origin = validateOriginHeader(c.req.header("origin"), allowed);
    if (!origin.ok) return rejected(c, 403, `${origin.message}. Add the hostname to MCP_ALLOWED_HOSTS (comma-separated) to accept it.`);
    return next();
  };
}

/** `Authorization: Bearer <apiKey>` on every request when a key is set; 401 otherwise. */
export function mcpBearerAuth(apiKey: string | undefined): MiddlewareHandler {
  return bearerAuth({
    token: apiKey,
    onUnauthorized: (c, message) => {
      c.header("WWW-Authenticate", 'Bearer realm="mcp"');
      return rejected(c, 401, message);
    },
  });
}

/** `MCP_ALLOWED_HOSTS=a.example.com, b.example.com` → `["a.example.com", "b.example.com"]`. */
export function parseHostList(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((host) => host.trim())
    .filter((host) => host !== "");
}

/** A JSON-RPC error without a request id, as the SDK's own transport rejections look. */
export function rejected(c: Context, status: 401 | 403 | 404 | 500, message: string, code = -32000): Response {
  return c.json({ jsonrpc: "2.0", error: { code, message }, id: null }, status);
}
