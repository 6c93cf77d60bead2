// hmacSignature: raw-body HMAC verification (X-Hub-Signature-256 style), replay window, and the
// body still readable by the route; a fast-check property that signatures bind every byte.
import fc from "fast-check";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { hmacSignature, signHmac } from "../../src/auth/hmac.ts";
import { serveHost } from "../../src/host/serve.ts";

const secret = "app-secret";
const hub = { header: "x-hub-signature-256", prefix: "sha256=" } as const;

function hubApp(): Hono {
  const app = new Hono();
  app.use("/webhook", hmacSignature({ secret, ...hub }));
  app.post("/webhook", async (c) => c.json({ got: await c.req.json(), raw: await c.req.raw.text() }));
  return app;
}

function post(app: Hono, body: string | Uint8Array, headers: Record<string, string>): Promise<Response> {
  const payload = typeof body === "string" ? body : new Uint8Array(body);
  return Promise.resolve(app.request("/webhook", { method: "POST", body: payload, headers: { "content-type": "application/json", ...headers } }));
}

describe("hmacSignature", () => {
  it("passes a valid X-Hub-Signature-256 and the route still reads the JSON body and the raw request", async () => {
    const body = JSON.stringify({ entry: [{ id: "1", text: "héllo" }] });
    const response = await post(hubApp(), body, { "x-hub-signature-256": signHmac({ secret, body, prefix: "sha256=" }) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ got: JSON.parse(body), raw: body });
  });

  it("works behind @hono/node-server, where the body is a real stream", async () => {
    const served = await serveHost(hubApp(), { port: 0 });
    try {
      const body = '{"x":[1,2,3]}';
      const ok = await fetch(`${served.url}/webhook`, {
        method: "POST",
        body,
        headers: { "content-type": "application/json", "x-hub-signature-256": signHmac({ secret, body, prefix: "sha256=" }) },
      });
      expect(await ok.json()).toEqual({ got: { x: [1, 2, 3] }, raw: body });
      const bad = await fetch(`${served.url}/webhook`, { method: "POST", body, headers: { "x-hub-signature-256": "sha256=00" } });
      expect(bad.status).toBe(401);
    } finally {
      await served.close();
    }
  });

  it("refuses a missing, malformed, wrong or wrong-secret signature with 401 JSON", async () => {
    const app = hubApp();
    const body = '{"a":1}';
    const cases: Array<Record<string, string>> = [
      {},
      { "x-hub-signature-256": "sha256=zz" },
      { "x-hub-signature-256": signHmac({ secret, body }) }, // prefix missing
      { "x-hub-signature-256": signHmac({ secret: "other", body, prefix: "sha256=" }) },
      { "x-hub-signature-256": signHmac({ secret, body, prefix: "sha256=", algorithm: "sha1" }) },
    ];
    for (const headers of cases) {
      const response = await post(app, body, headers);
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("invalid_signature");
    }
  });

  it("refuses a tampered body", async () => {
    const signature = signHmac({ secret, body: '{"amount":1}', prefix: "sha256=" });
    const response = await post(hubApp(), '{"amount":9}', { "x-hub-signature-256": signature });
    expect(response.status).toBe(401);
    expect(await response.text()).toMatch(/body was not altered/);
  });

  it("fails closed when the secret is not configured", async () => {
    const app = new Hono();
    app.use(hmacSignature({ secret: undefined, ...hub }));
    app.post("/webhook", (c) => c.text("reached"));
    const response = await post(app, "{}", { "x-hub-signature-256": signHmac({ secret: "", body: "{}", prefix: "sha256=" }) });
    expect(response.status).toBe(401);
    expect(await response.text()).toMatch(/not configured/);
  });

  describe("with a timestamp header", () => {
    const options = { secret, header: "x-signature", timestampHeader: "x-timestamp", toleranceSeconds: 60 } as const;
    const app = new Hono();
    app.use(hmacSignature({ ...options, onInvalid: (c, message) => c.text(message, 403) }));
    app.post("/webhook", async (c) => c.text(await c.req.text()));
    const now = () => String(Math.floor(Date.now() / 1000));

    it("accepts a fresh, signed timestamp and binds it into the signature", async () => {
      const timestamp = now();
      const ok = await post(app, "ping", { "x-timestamp": timestamp, "x-signature": signHmac({ secret, body: "ping", timestamp }) });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toBe("ping");
      const moved = String(Number(timestamp) - 1);
      const replayed = await post(app, "ping", { "x-timestamp": moved, "x-signature": signHmac({ secret, body: "ping", timestamp }) });
      expect(replayed.status).toBe(403);
    });

    it("refuses a stale or missing timestamp", async () => {
      const stale = String(Math.floor(Date.now() / 1000) - 3600);
      const old = await post(app, "ping", { "x-timestamp": stale, "x-signature": signHmac({ secret, body: "ping", timestamp: stale }) });
      expect(old.status).toBe(403);
      expect(await old.text()).toMatch(/Stale x-timestamp/);
      const missing = await post(app, "ping", { "x-signature": signHmac({ secret, body: "ping" }) });
      expect(missing.status).toBe(403);
    });

    it("supports a custom signed payload (Slack's v0:<ts>:<body>)", async () => {
      const slack = new Hono();
      const signedPayload = (raw: string, ts?: string) => `v0:${ts}:${raw}`;
      slack.use(hmacSignature({ ...options, prefix: "v0=", signedPayload }));
      slack.post("/webhook", (c) => c.text("ok"));
      const timestamp = now();
      const signature = signHmac({ secret, body: "token=x", timestamp, prefix: "v0=", signedPayload });
      expect((await post(slack, "token=x", { "x-timestamp": timestamp, "x-signature": signature })).status).toBe(200);
    });
  });

  it("property: any signed body verifies, and any single-byte change fails", async () => {
    const app = new Hono();
    app.use(hmacSignature({ secret, ...hub }));
    app.post("/webhook", (c) => c.text("ok"));
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 256 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (body, position, delta) => {
          const signature = signHmac({ secret, body, prefix: "sha256=" });
          expect((await post(app, body, { "x-hub-signature-256": signature })).status).toBe(200);
          const changed = Uint8Array.from(body);
          const index = position % changed.length;
          changed[index] = ((changed[index] as number) + delta) % 256;
          expect((await post(app, changed, { "x-hub-signature-256": signature })).status).toBe(401);
        },
      ),
      { numRuns: 200 },
    );
  });
});
