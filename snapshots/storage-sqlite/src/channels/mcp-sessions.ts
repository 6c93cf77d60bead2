// Session mode (`sessions: true`): a 2025-era client gets one Streamable HTTP transport per
// `mcp-session-id`, opened by `initialize` and closed by DELETE; 2026-era requests stay per request.
import {
  createMcpHandler,
  isLegacyRequest,
  WebStandardStreamableHTTPServerTransport,
  type McpServer,
} from "@modelcontextprotocol/server";

/** What the channel mounts: a fetch handler, and a close for shutdown. */
export interface McpEndpoint {
  fetch(request: Request): Promise<Response>;
  close(): Promise<void>;
}

/** A session unused for a day is closed (its client then gets 404 and starts a new one): clients that never DELETE do not leak. */
export const SESSION_IDLE_MS = 24 * 60 * 60_000;

interface OpenSession {
  transport: WebStandardStreamableHTTPServerTransport;
  lastSeen: number;
}

export function sessionEndpoint(newServer: () => McpServer, onerror: (error: Error) => void): McpEndpoint {
  const sessions = new Map<string, OpenSession>();
  // The 2026-07-28 revision has no sessions: those requests are served one by one, as in stateless mode.
  const modern = createMcpHandler(newServer, { legacy: "reject", onerror });

  const closeIdle = (now: number) => {
    for (const [id, session] of sessions) {
      if (now - session.lastSeen > SESSION_IDLE_MS) void closeSession(id, session);
    }
  };
  const closeSession = async (id: string, session: OpenSession) => {
    sessions.delete(id);
    await session.transport.close().catch(onerror);
  };

  return {
    async fetch(request) {
      if (!(await isLegacyRequest(request))) return modern.fetch(request);
      const now = Date.now();
      closeIdle(now);
      const id = request.headers.get("mcp-session-id");
      if (id) {
        const session = sessions.get(id);
        if (!session) return sessionNotFound();
        session.lastSeen = now;
        return session.transport.handleRequest(request);
      }
      // No session id: `initialize` opens one; the transport answers anything else with the SDK's 400.
      const transport: WebStandardStreamableHTTPServerTransport = new WebStandardStreamableHTTPServerTransport({
        sessionIdGenerator: () => crypto.randomUUID(),
        onsessioninitialized: (sessionId) => void sessions.set(sessionId, { transport, lastSeen: now }),
        onsessionclosed: (sessionId) => void sessions.delete(sessionId), // DELETE /mcp
      });
      // Set before connect: the server chains its own close handling (aborting running calls) after it.
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
      };
      await newServer().connect(transport);
      const response = await transport.handleRequest(request);
      if (!transport.sessionId) await transport.close(); // not an initialize: nothing to keep
      return response;
    },
    async close() {
      await Promise.all([...sessions].map(([id, session]) => closeSession(id, session)));
      await modern.close();
    },
  };
}

function sessionNotFound(): Response {
  const message = "Session not found: it was closed, expired or the server restarted. Send `initialize` without mcp-session-id to start a new one.";
  return Response.json({ jsonrpc: "2.0", error: { code: -32001, message }, id: null }, { status: 404 });
}
