// Serves a host's Hono app with @hono/node-server, WebSockets included, on one port.
// Resolves once listening; close() stops accepting and ends open connections.
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import { WebSocketServer } from "ws";

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

export function serveHost(app: Hono, options: ServeOptions = {}): Promise<ServedHost> {
  const port = options.port ?? Number(process.env.PORT ?? 8787);
  const hostname = options.hostname ?? "127.0.0.1";
  const websockets = new WebSocketServer({ noServer: true });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname, websocket: { server: websockets } }, (info: AddressInfo) => {
      const shownHost = hostname.includes(":") ? `[${hostname}]` : hostname;
      resolve({
        url: `http://${shownHost}:${info.port}`,
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            for (const client of websockets.clients) client.terminate();
            websockets.close();
            server.close(() => done());
            if ("closeAllConnections" in server) server.closeAllConnections();
          }),
      });
    });
    server.once("error", reject);
  });
}
