// Proactive messages through host.deliver: delivered inside WhatsApp's 24-hour window, skipped outside
// it (templates would be needed), and failed with Graph's error code when Graph refuses the send.
import { ResponseTargets } from "agent-host";
import { startFakeWhatsApp, type FakeWhatsApp } from "agent-host/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { newPhone, startBot, type TestBot } from "./_whatsapp-host.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

let fake: FakeWhatsApp;
let bot: TestBot | undefined;
beforeAll(async () => {
  fake = await startFakeWhatsApp();
});
afterAll(() => fake?.close());
afterEach(async () => {
  vi.useRealTimers();
  await bot?.close();
  bot = undefined;
});

/** A user writes once (and is answered); resolves their phone and isolation key. */
async function userWrites(testBot: TestBot, text = "remind me later"): Promise<{ phone: string; key: string }> {
  const phone = newPhone();
  await fake.deliver(testBot.webhook, fake.textMessage({ from: phone, text }));
  const deadline = Date.now() + 3000;
  while (testBot.calls.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  return { phone, key: testBot.calls[0]?.isolationKey ?? "" };
}

/** Moves `Date` (only) forward, as if the host had been idle that long; timers and sockets run normally. */
function later(ms: number): void {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Date.now() + ms);
}

describe("push", () => {
  it("delivers inside the 24-hour window, split at 4096 characters", async () => {
    bot = await startBot(fake);
    const { phone, key } = await userWrites(bot);
    await fake.waitForMessages(phone, 1);
    const records = await bot.host.deliver(key, "Your reminder", ResponseTargets.channel("whatsapp"));
    expect(records).toMatchObject([{ status: "delivered", messageId: expect.stringMatching(/^wamid\./) }]);
    const long = Array.from({ length: 1000 }, (_, index) => `r${index}`).join(" ");
    expect(await bot.host.deliver(key, long, ResponseTargets.channel("whatsapp"))).toMatchObject([{ status: "delivered" }]);
    const messages = await fake.waitForMessages(phone, 4);
    expect(messages.slice(0, 2)).toEqual(["You said: remind me later", "Your reminder"]);
    expect(messages.slice(2).join(" ")).toBe(long);
  });

  it("skips a push 24 hours after the user's last message, until they write again", async () => {
    bot = await startBot(fake);
    const { phone, key } = await userWrites(bot);
    await fake.waitForMessages(phone, 1);
    later(DAY_MS + 60_000);
    const records = await bot.host.deliver(key, "Are you still there?", ResponseTargets.channel("whatsapp"));
    expect(records).toMatchObject([{ status: "skipped", reason: "outside_24h_window" }]);
    expect(fake.messages(phone)).toEqual(["You said: remind me later"]);

    await fake.deliver(bot.webhook, fake.textMessage({ from: phone, text: "back again" }));
    await fake.waitForMessages(phone, 2);
    expect(await bot.host.deliver(key, "Welcome back", ResponseTargets.channel("whatsapp"))).toMatchObject([{ status: "delivered" }]);
    expect((await fake.waitForMessages(phone, 3)).at(-1)).toBe("Welcome back");
  });

  it("fails with Graph's error code and message when Graph refuses the send", async () => {
    bot = await startBot(fake, { channel: { accessToken: "revoked-token" } });
    const { key } = await userWrites(bot);
    const [record] = await bot.host.deliver(key, "Your reminder", ResponseTargets.channel("whatsapp"));
    expect(record).toMatchObject({ status: "failed", lastError: { code: "graph_190", message: expect.stringContaining("Invalid OAuth access token") } });
  });
});
