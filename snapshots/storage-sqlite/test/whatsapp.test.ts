// The whatsapp channel end to end: a real host, the fake Graph server, signed webhook notifications.
// Handshake, text turns, splitting, receipts, retries, non-text messages and commands.
import { codeLinker } from "agent-host";
import { startFakeWhatsApp, type FakeWhatsApp } from "agent-host/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { newPhone, settle, startBot, type TestBot } from "./_whatsapp-host.ts";

let fake: FakeWhatsApp;
let bot: TestBot | undefined;
beforeAll(async () => {
  fake = await startFakeWhatsApp();
});
afterAll(() => fake?.close());
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

describe("verification handshake", () => {
  const verify = (url: string, params: Record<string, string>) => fetch(`${url}?${new URLSearchParams(params)}`);

  it("echoes hub.challenge as text when the verify token matches", async () => {
    bot = await startBot(fake);
    const response = await verify(bot.webhook, { "hub.mode": "subscribe", "hub.verify_token": fake.verifyToken, "hub.challenge": "1158201444" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await response.text()).toBe("1158201444");
  });

  it("answers 403 to a wrong verify token or mode, 400 without a challenge", async () => {
    bot = await startBot(fake);
    expect((await verify(bot.webhook, { "hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1" })).status).toBe(403);
    expect((await verify(bot.webhook, { "hub.mode": "unsubscribe", "hub.verify_token": fake.verifyToken, "hub.challenge": "1" })).status).toBe(403);
    expect((await verify(bot.webhook, { "hub.challenge": "1" })).status).toBe(403);
    expect((await verify(bot.webhook, { "hub.mode": "subscribe", "hub.verify_token": fake.verifyToken })).status).toBe(400);
  });
});

describe("text messages", () => {
  it("answers 200 at once and replies from the business number, marked read with the typing indicator", async () => {
    bot = await startBot(fake);
    const phone = newPhone();
    const payload = fake.textMessage({ from: phone, text: "hello there", name: "Ada" });
    const response = await fake.deliver(bot.webhook, payload);
    expect(response.status).toBe(200);
    expect(await fake.waitForMessages(phone, 1)).toEqual(["You said: hello there"]);
    expect(bot.calls).toHaveLength(1);
    const messageId = (payload as { entry: Array<{ changes: Array<{ value: { messages: Array<{ id: string }> } }> }> }).entry[0]?.changes[0]?.value.messages[0]?.id;
    expect(fake.reads).toContainEqual({ phoneNumberId: fake.phoneNumberId, messageId, typing: true });
    expect(fake.sends.find((send) => send.to === phone)?.phoneNumberId).toBe(fake.phoneNumberId);
  });

  it("hands the run hook the phone as identity, the profile name and the address push needs", async () => {
    const seen: unknown[] = [];
    bot = await startBot(fake, { channel: { runHook: (request) => (seen.push(request.identity), request) } });
    const phone = newPhone();
    await fake.deliver(bot.webhook, fake.textMessage({ from: phone, text: "who am I?", name: "Grace" }));
    await fake.waitForMessages(phone, 1);
    expect(seen).toEqual([{ channel: "whatsapp", nativeId: phone, displayName: "Grace", attributes: { phone, phoneNumberId: fake.phoneNumberId } }]);
  });

  it("splits a long answer into messages of at most 4096 characters", async () => {
    bot = await startBot(fake);
    const phone = newPhone();
    const text = Array.from({ length: 1200 }, (_, index) => `w${index}`).join(" ");
    await fake.deliver(bot.webhook, fake.textMessage({ from: phone, text }));
    const messages = await fake.waitForMessages(phone, 2);
    for (const message of messages) expect(message.length).toBeLessThanOrEqual(4096);
    expect(messages.join(" ")).toBe(`You said: ${text}`);
  });

  it("keeps the conversation across messages and starts over after /new", async () => {
    bot = await startBot(fake);
    const phone = newPhone();
    await fake.deliver(bot.webhook, fake.textMessage({ from: phone, text: "one" }));
    await fake.waitForMessages(phone, 1);
    await fake.deliver(bot.webhook, fake.textMessage({ from: phone, text: "two" }));
    await fake.waitForMessages(phone, 2);
    await fake.deliver(bot.webhook, fake.textMessage({ from: phone, text: "/new" }));
    await fake.waitForMessages(phone, 3);
    await fake.deliver(bot.webhook, fake.textMessage({ from: phone, text: "three" }));
    const messages = await fake.waitForMessages(phone, 4);
    expect(messages).toEqual([
      "You said: one",
      "You said: two (message 2 in this conversation)",
      expect.stringMatching(/new conversation/i),
      "You said: three",
    ]);
    expect(bot.calls.map((call) => call.text)).toEqual(["one", "two", "three"]);
  });

  it("runs /link 123 as a command: the linker answers, the agent is not called", async () => {
    bot = await startBot(fake, { host: { identityLinker: codeLinker } });
    const phone = newPhone();
    await fake.deliver(bot.webhook, fake.textMessage({ from: phone, text: "/link 123" }));
    const [reply] = await fake.waitForMessages(phone, 1);
    expect(reply).toMatch(/code is wrong/i);
    expect(bot.calls).toHaveLength(0);
  });
});

describe("retries, receipts and other message types", () => {
  it("answers a message id once, however often Meta delivers it", async () => {
    bot = await startBot(fake);
    const phone = newPhone();
    const payload = fake.textMessage({ from: phone, text: "only once" });
    const responses = await Promise.all([fake.deliver(bot.webhook, payload), fake.deliver(bot.webhook, payload)]);
    expect(responses.map((response) => response.status)).toEqual([200, 200]);
    await fake.waitForMessages(phone, 1);
    expect((await fake.deliver(bot.webhook, payload)).status).toBe(200);
    await settle();
    expect(fake.messages(phone)).toEqual(["You said: only once"]);
    expect(bot.calls).toHaveLength(1);
  });

  it("ignores delivery statuses, and logs failed ones with Graph's reason", async () => {
    bot = await startBot(fake);
    const phone = newPhone();
    expect((await fake.deliver(bot.webhook, fake.statusUpdate({ recipient: phone, status: "read" }))).status).toBe(200);
    const failed = fake.statusUpdate({ recipient: phone, error: { code: 131047, message: "Re-engagement message" } });
    expect((await fake.deliver(bot.webhook, failed)).status).toBe(200);
    await settle();
    expect(bot.calls).toHaveLength(0);
    expect(fake.messages(phone)).toEqual([]);
    expect(bot.logs.some((line) => line.startsWith("warn:") && line.includes("(131047) Re-engagement message"))).toBe(true);
  });

  it("answers media messages with a short note that only text is read, and reactions not at all", async () => {
    bot = await startBot(fake);
    const phone = newPhone();
    await fake.deliver(bot.webhook, fake.reactionMessage({ from: phone, messageId: "wamid.earlier" }));
    await fake.deliver(bot.webhook, fake.mediaMessage({ from: phone, type: "audio" }));
    expect(await fake.waitForMessages(phone, 1)).toEqual([expect.stringMatching(/only read text/i)]);
    await settle();
    expect(fake.messages(phone)).toHaveLength(1);
    expect(bot.calls).toHaveLength(0);
  });

  it("stays silent on media messages when nonTextReply is empty", async () => {
    bot = await startBot(fake, { channel: { nonTextReply: "" } });
    const phone = newPhone();
    expect((await fake.deliver(bot.webhook, fake.mediaMessage({ from: phone, type: "image" }))).status).toBe(200);
    await settle();
    expect(fake.messages(phone)).toEqual([]);
  });

  it("ignores messages to another number of the business account", async () => {
    bot = await startBot(fake);
    const phone = newPhone();
    const other = JSON.stringify(fake.textMessage({ from: phone, text: "hi" })).replace(fake.phoneNumberId, "100000000000999");
    expect((await fake.deliver(bot.webhook, other)).status).toBe(200);
    await settle();
    expect(bot.calls).toHaveLength(0);
    expect(fake.messages(phone)).toEqual([]);
  });

  it("does not answer a message sent more than 24 hours ago (a late redelivery)", async () => {
    bot = await startBot(fake);
    const phone = newPhone();
    const timestamp = Math.floor(Date.now() / 1000) - 25 * 3600;
    expect((await fake.deliver(bot.webhook, fake.textMessage({ from: phone, text: "yesterday", timestamp }))).status).toBe(200);
    await settle();
    expect(bot.calls).toHaveLength(0);
    expect(fake.messages(phone)).toEqual([]);
  });
});
