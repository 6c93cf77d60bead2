// Bad input never reaches the agent: every token flaw → 401 (the channel's checks, then the Teams SDK's),
// no answer to a serviceUrl the token does not name, non-activities → 400, oversize → 413, no 5xx (fast-check).
import { startFakeBotFramework, type FakeBotFramework } from "agent-host/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { settle, startBot, startRecorder, type TestBot } from "./_teams-bot.ts";

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

describe("inbound tokens", () => {
  it.each<[string, () => string | null]>([
    ["no Authorization header", () => null],
    ["a token that is not a JWT", () => "not-a-jwt"],
    ["an unsigned token (alg: none)", () => fake.unsignedToken({ issuer: "botframework" })],
    ["a token signed by a key the Bot Framework does not publish", () => fake.foreignToken({ issuer: "botframework" })],
    ["an expired token", () => fake.signToken({ issuer: "botframework", expiresInSeconds: -3600 })],
    ["a token that never expires (no exp)", () => fake.signToken({ issuer: "botframework", expiresInSeconds: null })],
    ["a token without a key id (no kid)", () => fake.signToken({ issuer: "botframework", kid: null })],
    ["a token naming a key the Bot Framework does not publish", () => fake.signToken({ issuer: "botframework", kid: "unpublished-key" })],
    ["a token for another bot (wrong audience)", () => fake.signToken({ issuer: "botframework", audience: "00000000-0000-0000-0000-0000000000ff" })],
    ["a token from another issuer", () => fake.signToken({ issuer: "https://issuer.example" })],
    ["a token for another serviceUrl", () => fake.signToken({ issuer: "botframework", serviceUrl: "https://smba.trafficmanager.net/teams/" })],
    ["a token without a serviceurl claim", () => fake.signToken({ issuer: "botframework", claims: { serviceurl: undefined } })],
    ["a token issued by Entra, not the Bot Framework", () => fake.signToken({ issuer: "entra" })],
  ])("refuses %s with 401", async (_case, token) => {
    const conversationId = `a:auth-${Math.random()}`;
    const response = await fake.send(bot.endpoint, fake.activity({ text: "should never be answered", conversationId }), token());
    expect(response.status).toBe(401);
    await settle();
    expect(bot.agent.calls).toEqual([]);
    expect(fake.conversation(conversationId)).toEqual([]);
  });
});

describe("serviceUrl", () => {
  it("never answers to a serviceUrl the token does not name, whoever issued the token", async () => {
    const elsewhere = await startRecorder(); // stands for a host the forger controls
    try {
      for (const issuer of ["botframework", "entra"] as const) {
        const conversationId = `a:elsewhere-${issuer}`;
        const activity = { ...fake.activity({ text: "answer me elsewhere", conversationId }), serviceUrl: elsewhere.url };
        expect((await fake.send(bot.endpoint, activity, fake.signToken({ issuer }))).status).toBe(401);
      }
      await settle();
      expect(bot.agent.calls).toEqual([]);
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });
});

describe("bodies", () => {
  it.each<[string, unknown]>([
    ["malformed JSON", "{ not json"],
    ["a JSON array", "[1, 2]"],
    ["an activity without a conversation", { type: "message", text: "hi", serviceUrl: "http://127.0.0.1/", from: { id: "u" }, recipient: { id: "b" } }],
    ["an activity without a sender", { type: "message", text: "hi", serviceUrl: "http://127.0.0.1/", conversation: { id: "c" }, recipient: { id: "b" } }],
  ])("answers %s with 400 and a JSON error", async (_case, body) => {
    const response = await fake.send(bot.endpoint, body, fake.signToken({ issuer: "botframework" }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: expect.any(String) });
  });

  it("answers an oversize body with 413", async () => {
    const huge = fake.activity({ text: "x".repeat(2 * 1024 * 1024), conversationId: "a:huge" });
    expect((await fake.send(bot.endpoint, huge, fake.signToken({ issuer: "botframework" }))).status).toBe(413);
  });

  it("never answers random bodies with a 5xx nor passes them to the agent (property)", async () => {
    const bodies = fc.oneof(
      fc.string(),
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc.record({ type: fc.string(), text: fc.string(), serviceUrl: fc.string(), conversation: fc.record({ id: fc.string() }), from: fc.anything(), recipient: fc.anything() }).map((value) => JSON.stringify(value)),
    );
    await fc.assert(
      fc.asyncProperty(bodies, fc.boolean(), async (body, signed) => {
        const response = await fake.send(bot.endpoint, body, signed ? fake.signToken({ issuer: "botframework" }) : null);
        expect(response.status).toBeLessThan(500);
        expect(signed || response.status === 401).toBe(true);
      }),
      { numRuns: 60 },
    );
    await settle();
    expect(bot.agent.calls).toEqual([]);
  });
});
