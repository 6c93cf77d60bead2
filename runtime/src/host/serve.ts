// Serves a host's Hono app with @hono/node-server on one port; WebSockets (the `ws` package, loaded then)
// only when a channel asked for them. Resolves once listening; close() stops accepting and ends open connections.
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import type { UpgradeWebSocket } from "hono/ws";
import type { WebSocketServer } from "ws";

export interface ServeOptions {
  /** Default `PORT` or 8787; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1; use 0.0.0.0 in containers. */
  hostname?: string;
}

export interface ServedHost {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** `upgrade`, calling `used()` first: a channel that makes a WebSocket route while contributing marks its host as needing `ws`. */
export function trackWebSockets(upgrade: UpgradeWebSocket, used: () => void): UpgradeWebSocket {
  // Both overloads pass through unchanged; only the call is noted.
  return ((...args: unknown[]) => {
    used();
    return (upgrade as (...args: unknown[]) => unknown)(...args);
  }) as UpgradeWebSocket;
}

/** `webSockets`: accept WebSocket upgrades (loads `ws`, an optional peer of agent-host); without it, no `ws` is loaded. */
export async function serveHost(app: Hono, options: ServeOptions = {}, { webSockets = false } = {}): Promise<ServedHost> {
  const port = options.port ?? Number(process.env.PORT ?? 8787);
  const hostname = options.hostname ?? "127.0.0.1";
  const websockets = webSockets ? await webSocketServer() : undefined;
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname, ...(websockets ? { websocket: { server: websockets } } : {}) }, (info: AddressInfo) => {
      const shownHost = hostname.includes(":") ? `[${hostname}]` : hostname;
      resolve({
        url: `http://${shownHost}:${info.port}`,
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            for (const client of websockets?.clients ?? []) client.terminate();
            websockets?.close();
            server.close(() => done());
            if ("closeAllConnections" in server) server.closeAllConnections();
          }),
      });
    });
    server.once("error", reject);
  });
}

async function webSocketServer(): Promise<WebSocketServer> {
  try {
    const { WebSocketServer } = await import("ws");
    return new WebSocketServer({ noServer: true });
  } catch (error) {
    throw new Error('A channel of this host serves WebSockets, which needs the "ws" package: run `npm install ws`.', { cause: error });
  }
}
