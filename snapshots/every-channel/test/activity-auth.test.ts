// Bad input never reaches the agent: every token flaw → 401 before the body is read, bad bodies → 4xx,
// replies only to allowed serviceUrls, and random bodies (fast-check) never cause a 5xx.
import { startFakeBotFramework, type FakeBotFramework } from "agent-host/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { settle, startBot, type TestBot } from "./_activity-bot.ts";

let fake: FakeBotFramework;
let bot: TestBot;

beforeAll(async () => {
  fake = await startFakeBotFramework();
  bot = await startBot(fake);
});
afterAll(async () => {
  await bot?.close();
  await fake?.close();
});

const message = (conversationId: string) => fake.activity({ text: "should never be answered", conversationId, channelId: "webchat" });

describe("inbound tokens", () => {
  it.each<[string, () => string | null]>([
    ["no Authorization header", () => null],
    ["a token that is not a JWT", () => "not-a-jwt"],
    ["an unsigned token (alg: none)", () => fake.unsignedToken()],
    ["a token signed by a key the issuer does not publish", () => fake.foreignToken()],
    ["an expired token", () => fake.signToken({ expiresInSeconds: -3600 })],
    ["a token that never expires (no exp)", () => fake.signToken({ expiresInSeconds: null })],
    ["a token without a key id (no kid)", () => fake.signToken({ kid: null })],
    ["a token naming a key the issuer does not publish", () => fake.signToken({ kid: "unpublished-key" })],
    ["a token for another bot (wrong audience)", () => fake.signToken({ audience: "00000000-0000-0000-0000-0000000000ff" })],
    ["a token from another issuer", () => fake.signToken({ issuer: `${fake.authorityEndpoint}/11111111-2222-3333-4444-555555555555/v2.0` })],
  ])("refuses %s with 401, before reading the body", async (_case, token) => {
    const conversationId = `auth-${Math.random()}`;
    const response = await fake.send(bot.endpoint, message(conversationId), token());
    expect(response.status).toBe(401);
    await settle();
    expect(bot.agent.calls).toEqual([]);
    expect(fake.conversation(conversationId)).toEqual([]);
  });

  it("refuses a malformed Authorization header with 401", async () => {
    const response = await fetch(bot.endpoint, { method: "POST", headers: { authorization: "Basic dXNlcjpwYXNz", "content-type": "application/json" }, body: JSON.stringify(message("basic")) });
    expect(response.status).toBe(401);
  });

  it("checks the token before the body: an unsigned garbage body is 401, not 400", async () => {
    expect((await fake.send(bot.endpoint, "{ not json", null)).status).toBe(401);
  });
});

describe("bodies", () => {
  it.each<[string, unknown]>([
    ["malformed JSON", "{ not json"],
    ["a JSON array", "[1, 2]"],
    ["a string", JSON.stringify("hello")],
    ["an activity without a conversation", { type: "message", text: "hi", serviceUrl: "http://127.0.0.1/" }],
    ["an activity without a serviceUrl", { type: "message", text: "hi", conversation: { id: "c" } }],
    ["an activity the SDK's schema rejects", { type: "message", text: "hi", locale: "", conversation: { id: "c" }, serviceUrl: "http://127.0.0.1/" }],
  ])("answers %s with 400 and a JSON error", async (_case, body) => {
    const response = await fake.send(bot.endpoint, body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: expect.any(String) });
  });

  it("answers an oversize body with 413", async () => {
    const huge = fake.activity({ text: "x".repeat(2 * 1024 * 1024), conversationId: "huge" });
    const response = await fake.send(bot.endpoint, huge);
    expect(response.status).toBe(413);
    await settle();
    expect(bot.agent.calls).toEqual([]);
  });

  it("never answers to a serviceUrl outside the allowed hosts, nor to another one than the token names", async () => {
    const elsewhere = { ...message("ssrf"), serviceUrl: "http://example.invalid/" };
    expect((await fake.send(bot.endpoint, elsewhere, fake.signToken({ serviceUrl: "http://example.invalid/" }))).status).toBe(400);
    const mismatch = fake.signToken({ serviceUrl: "https://smba.trafficmanager.net/teams/" });
    expect((await fake.send(bot.endpoint, message("mismatch"), mismatch)).status).toBe(400);
    await settle();
    expect(bot.agent.calls).toEqual([]);
    expect(fake.calls.filter((call) => call.conversationId === "ssrf" || call.conversationId === "mismatch")).toEqual([]);
  });

  it("never answers random bodies with a 5xx nor passes them to the agent (property)", async () => {
    const bodies = fc.oneof(
      fc.string(),
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc.record({ type: fc.string(), text: fc.string(), conversation: fc.anything(), serviceUrl: fc.string() }).map((value) => JSON.stringify(value)),
    );
    await fc.assert(
      fc.asyncProperty(bodies, fc.boolean(), async (body, signed) => {
        const response = await fake.send(bot.endpoint, body, signed ? fake.signToken() : null);
        expect(response.status).toBeLessThan(500);
        expect(signed || response.status === 401).toBe(true);
      }),
      { numRuns: 60 },
    );
    await settle();
    expect(bot.agent.calls).toEqual([]);
  });
});
