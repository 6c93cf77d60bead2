// Forged tokens must not be amplifiers: 50 tokens naming random key ids, against a slow key endpoint,
// make at most one key fetch, are all answered 401 quickly, and leave at most one warning in the log.
import { randomUUID } from "node:crypto";
import type { Logger } from "agent-host";
import { startFakeBotFramework, type FakeBotFramework } from "agent-host/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startBot, waitFor, type TestBot } from "./_teams-bot.ts";

const KEY_DELAY_MS = 1000;
let fake: FakeBotFramework;
let bot: TestBot;
const lines: Array<{ level: "warn" | "error"; message: string }> = [];
const logger: Logger = { info() {}, warn: (message) => void lines.push({ level: "warn", message }), error: (message) => void lines.push({ level: "error", message }) };

beforeAll(async () => {
  fake = await startFakeBotFramework({ keyDelayMs: KEY_DELAY_MS });
  bot = await startBot(fake, { host: { logger } });
});
afterAll(async () => {
  await bot?.close();
  await fake?.close();
});

it("refuses 50 tokens with unknown key ids with one key fetch, quickly, and one warning", async () => {
  lines.length = 0;
  const forged = () => fake.signToken({ issuer: "botframework", kid: randomUUID() });
  const started = Date.now();
  const statuses: number[] = [];
  for (let round = 0; round < 5; round++) {
    // Ten at a time: concurrent lookups must share one fetch, later ones must not fetch again.
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => fake.send(bot.endpoint, fake.activity({ text: "forged", conversationId: `a:forged-${round}-${i}` }), forged())));
    statuses.push(...responses.map((response) => response.status));
  }
  expect(statuses).toEqual(Array.from({ length: 50 }, () => 401));
  expect(Date.now() - started).toBeLessThan(KEY_DELAY_MS + 1500);
  expect(fake.keyRequests.length).toBeLessThanOrEqual(1);
  expect(lines.filter((line) => line.level === "error")).toEqual([]);
  expect(lines.filter((line) => line.level === "warn")).toEqual([{ level: "warn", message: expect.stringMatching(/refused 1 request\(s\).*unknown|refused 1 request\(s\).*does not publish/) }]);
  expect(bot.agent.calls).toEqual([]);
});

it("still answers a genuine token afterwards", async () => {
  lines.length = 0;
  const response = await fake.send(bot.endpoint, fake.activity({ text: "genuine", conversationId: "a:genuine" }), fake.signToken({ issuer: "botframework" }));
  expect(response.status).toBe(200);
  await waitFor(() => fake.messages("a:genuine"), (messages) => messages.length > 0, 6000);
  expect(lines.filter((line) => line.level === "error")).toEqual([]);
});
