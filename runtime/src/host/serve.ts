// Serves a host's Hono app with @hono/node-server on one port; WebSockets (the `ws` package, loaded then,
// frames capped at the body limit) only when a channel asked for them. close() ends open connections.
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import type { UpgradeWebSocket } from "hono/ws";
import type { WebSocketServer } from "ws";
import { DEFAULT_MAX_BODY_BYTES } from "./app.ts";

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

export interface ServeHostOptions {
  /** Accept WebSocket upgrades (loads `ws`, an optional peer of agent-host); without it, no `ws` is loaded. */
  webSockets?: boolean;
  /** Largest WebSocket message in bytes (the host's body limit, default 1 MiB); a larger one closes the socket with 1009 unread. */
  maxPayload?: number;
}

export async function serveHost(
  app: Hono,
  options: ServeOptions = {},
  { webSockets = false, maxPayload = DEFAULT_MAX_BODY_BYTES }: ServeHostOptions = {},
): Promise<ServedHost> {
  const port = options.port ?? Number(process.env.PORT ?? 8787);
  const hostname = options.hostname ?? "127.0.0.1";
  const websockets = webSockets ? await webSocketServer(maxPayload) : undefined;
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

async function webSocketServer(maxPayload: number): Promise<WebSocketServer> {
  try {
    const { WebSocketServer } = await import("ws");
    // ws's own default is 100 MiB: a frame is bytes in memory before any channel sees it, so it gets the body limit.
    return new WebSocketServer({ noServer: true, maxPayload });
  } catch (error) {
    throw new Error('A channel of this host serves WebSockets, which needs the "ws" package: run `npm install ws`.', { cause: error });
  }
}
