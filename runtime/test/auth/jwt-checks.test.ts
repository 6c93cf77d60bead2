// The JWT pre-checks channels run before their SDK validates a token: unverified decoding, key ids
// fetched once per interval however many forged ids arrive, and one warning per interval for refusals.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeJwt, publishedKeyIds, refusalReport } from "../../src/auth/jwt-checks.ts";
import type { Logger } from "../../src/channel/types.ts";

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

let server: Server;
let url: string;
let fetches = 0;
let failNext = false;

beforeAll(async () => {
  server = createServer((_request, response) => {
    fetches += 1;
    if (failNext) {
      failNext = false;
      response.writeHead(503).end();
      return;
    }
    // A slow key endpoint: concurrent lookups must wait for the same fetch, not start their own.
    setTimeout(() => response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [{ kid: "known" }, { kty: "RSA" }] })), 50);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/keys`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("decodeJwt", () => {
  it("returns header and payload of a compact JWT without verifying it", () => {
    expect(decodeJwt(`${part({ alg: "RS256", kid: "k" })}.${part({ exp: 1 })}.sig`)).toEqual({ header: { alg: "RS256", kid: "k" }, payload: { exp: 1 } });
  });

  it.each(["", "a.b", "not-base64.!!.x", `${part([1])}.${part({})}.x`, `${part({})}.${part("text")}.x`])("refuses %j", (token) => {
    expect(decodeJwt(token)).toBeUndefined();
  });
});

describe("publishedKeyIds", () => {
  it("answers 50 concurrent unknown key ids with one fetch, then none until the interval has passed", async () => {
    fetches = 0;
    const keys = publishedKeyIds(url, { intervalMs: 60_000 });
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => keys.has(`forged-${i}`)));
    expect(answers.every((known) => !known)).toBe(true);
    expect(await keys.has("known")).toBe(true);
    expect(await keys.has("forged-again")).toBe(false);
    expect(fetches).toBe(1);
  });

  it("counts a failed fetch toward the interval and reports it", async () => {
    fetches = 0;
    failNext = true;
    const errors: unknown[] = [];
    const keys = publishedKeyIds(url, { intervalMs: 60_000, onError: (error) => errors.push(error) });
    expect(await keys.has("known")).toBe(false);
    expect(await keys.has("known")).toBe(false);
    expect(fetches).toBe(1);
    expect(String(errors[0])).toContain("HTTP 503");
  });

  it("refreshes for an unknown id once the interval has passed", async () => {
    fetches = 0;
    const keys = publishedKeyIds(url, { intervalMs: 0 });
    await keys.has("a");
    await keys.has("b");
    expect(fetches).toBe(2);
  });
});

describe("refusalReport", () => {
  it("logs one warning per interval with the count and the latest reason", () => {
    const warnings: string[] = [];
    const log: Logger = { info() {}, error() {}, warn: (message) => warnings.push(message) };
    const report = refusalReport(log, "teams", 60_000);
    for (let i = 0; i < 50; i++) report.report(`reason ${i}`);
    expect(warnings).toEqual([expect.stringContaining("teams: refused 1 request(s)")]);
    expect(warnings[0]).toContain("latest: reason 0");
  });
});
