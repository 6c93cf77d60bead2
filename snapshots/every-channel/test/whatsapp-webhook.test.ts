// Property tests of the webhook parser (random JSON never throws anything but WebhookPayloadError, and
// what it returns is well formed), plus random signed bodies against a real host: never a 5xx, never the agent.
import { startFakeWhatsApp, type FakeWhatsApp } from "agent-host/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseNotification, WebhookPayloadError } from "../src/channels/whatsapp-webhook.ts";
import { settle, startBot, type TestBot } from "./_whatsapp-host.ts";

/** Small arbitrary JSON values (deep random trees add time, not cases). */
const json = () => fc.jsonValue({ maxDepth: 2 });
/** JSON that looks like a notification, with junk inside: what a forger or a broken proxy might send. */
const almostNotification = fc.record({
  object: fc.oneof(fc.constant("whatsapp_business_account"), json()),
  entry: fc.array(fc.oneof(json(), fc.record({ changes: fc.array(fc.record({ field: fc.string(), value: json() }), { maxLength: 3 }) })), { maxLength: 3 }),
}, { requiredKeys: [] });

/** Message fields that are often right (strings, "text", `{ body }`), so many messages get through the parser. */
const plausible = () => fc.oneof({ arbitrary: fc.string({ minLength: 1, maxLength: 300 }), weight: 3 }, fc.constant("text"), fc.record({ body: fc.oneof(fc.string(), json()) }), json());
const plausibleNotification = fc.record({
  object: fc.constant("whatsapp_business_account"),
  entry: fc.array(fc.record({
    changes: fc.array(fc.record({
      field: fc.constant("messages"),
      value: fc.record({
        metadata: fc.oneof(json(), fc.record({ phone_number_id: plausible() })),
        contacts: fc.oneof(json(), fc.array(fc.record({ wa_id: plausible(), profile: fc.oneof(json(), fc.record({ name: plausible() })) }))),
        messages: fc.array(fc.record({ id: plausible(), from: plausible(), type: plausible(), text: plausible(), timestamp: plausible() }, { requiredKeys: [] }), { maxLength: 3 }),
        statuses: fc.array(fc.record({ id: plausible(), status: plausible(), errors: fc.oneof(json(), fc.array(fc.record({ code: json(), message: plausible() }))) }, { requiredKeys: [] }), { maxLength: 2 }),
      }, { requiredKeys: [] }),
    }), { minLength: 1, maxLength: 2 }),
  }), { minLength: 1, maxLength: 2 }),
});

describe("parseNotification", () => {
  it("returns well-formed messages or throws WebhookPayloadError, for any JSON", () => {
    let read = 0;
    fc.assert(
      fc.property(fc.oneof(json(), almostNotification, plausibleNotification), (body) => {
        let parsed;
        try {
          parsed = parseNotification(body);
        } catch (error) {
          expect(error).toBeInstanceOf(WebhookPayloadError);
          return;
        }
        read += parsed.messages.length;
        for (const message of parsed.messages) {
          expect(typeof message.id === "string" && message.id.length > 0 && message.id.length <= 256).toBe(true);
          expect(typeof message.from === "string" && message.from.length > 0 && message.from.length <= 64).toBe(true);
          if (message.type === "text") expect(typeof message.text).toBe("string");
          if (message.sentAt !== undefined) expect(Number.isFinite(message.sentAt)).toBe(true);
        }
        for (const status of parsed.statuses) expect(typeof status.id).toBe("string");
      }),
      { numRuns: 500 },
    );
    expect(read).toBeGreaterThan(0); // the property was not vacuous
  });

  it("reads back any text, name and phone the fake puts into a notification", async () => {
    const fake = await startFakeWhatsApp();
    try {
      fc.assert(
        fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1, maxLength: 40 }), fc.stringMatching(/^\d{6,15}$/), (text, name, from) => {
          const [message] = parseNotification(JSON.parse(JSON.stringify(fake.textMessage({ from, text, name })))).messages;
          expect(message).toMatchObject({ from, text, name, type: "text", phoneNumberId: fake.phoneNumberId });
        }),
      );
    } finally {
      await fake.close();
    }
  });
});

describe("random signed bodies against a real host", () => {
  let fake: FakeWhatsApp;
  let bot: TestBot;
  beforeAll(async () => {
    fake = await startFakeWhatsApp();
    bot = await startBot(fake);
  });
  afterAll(async () => {
    await bot?.close();
    await fake?.close();
  });

  it("never answers 5xx and never reaches the agent", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.json({ maxDepth: 2 }), almostNotification.map((body) => JSON.stringify(body))), async (body) => {
        const response = await fake.deliver(bot.webhook, body);
        expect([200, 400]).toContain(response.status);
      }),
      { numRuns: 60 },
    );
    await settle();
    expect(bot.calls).toHaveLength(0);
  });
});
