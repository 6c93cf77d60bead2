// Test helper: a second local Hono server that receives A2A push notifications (the client's webhook)
// and records every POST with its headers and JSON body.
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import type { AddressInfo } from "node:net";

export interface ReceivedPush {
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

export interface PushReceiver {
  url: string;
  received: ReceivedPush[];
  close(): Promise<void>;
}

export function startPushReceiver(): Promise<PushReceiver> {
  const received: ReceivedPush[] = [];
  const app = new Hono();
  app.post("/webhook", async (c) => {
    received.push({ headers: Object.fromEntries(c.req.raw.headers), body: await c.req.json() });
    return c.body(null, 204);
  });
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}/webhook`,
        received,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
