// What the telegram channel does with bad input and bad configuration: malformed updates, oversize bodies,
// a missing token or secret, a token Telegram refuses — and the webhook it registers when it has a public URL.
import { createAgentHost, memoryStore, silentLogger } from "agent-host";
import { startFakeTelegram } from "agent-host/testing";
import { afterEach, describe, expect, it } from "vitest";
import { telegramChannel } from "../src/channels/telegram.ts";
import { countingEcho, SECRET, settle, startTelegramHost, type TelegramTestHost } from "./_telegram.ts";

let running: TelegramTestHost | undefined;
const start = async (...args: Parameters<typeof startTelegramHost>) => (running = await startTelegramHost(...args));
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe("telegram channel: bad input and configuration", () => {
  it("answers malformed bodies with 400 (or a silent 200 for updates it does not handle), never the agent", async () => {
    const agent = countingEcho();
    const { webhookUrl, telegram, problems } = await start({ host: { target: agent.target } });
    const post = async (body: string) => (await telegram.postUpdate(webhookUrl, body, SECRET)).status;
    expect(await post("{not json")).toBe(400);
    expect(await post("null")).toBe(400);
    expect(await post("[]")).toBe(400);
    expect(await post('"text"')).toBe(400);
    expect(await post("{}")).toBe(400);
    expect(await post('{"update_id":"7"}')).toBe(400);
    expect(await post('{"update_id":8}')).toBe(200);
    expect(await post('{"update_id":9,"message":"hello"}')).toBe(200);
    expect(await post('{"update_id":10,"message":{"message_id":1,"text":"no chat or sender"}}')).toBe(200);
    expect(await post('{"update_id":11,"edited_message":{"message_id":1,"chat":{"id":5,"type":"private"},"text":"edited"}}')).toBe(200);
    expect(await post(JSON.stringify(telegram.textUpdate({ text: "from a bot", chatId: 601, fromBot: true })))).toBe(200);
    await settle();
    expect(agent.calls()).toBe(0);
    expect(telegram.sent).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("refuses a body over the host's limit with 413 before the agent sees it", async () => {
    const agent = countingEcho();
    const { send, telegram } = await start({ host: { target: agent.target, maxBodyBytes: 2048 } });
    const response = await send({ text: "x".repeat(4000), chatId: 602 });
    expect(response.status).toBe(413);
    await settle();
    expect(agent.calls()).toBe(0);
    expect(telegram.messages(602)).toEqual([]);
  });

  it("answers 503 naming the missing variables when the token or secret is missing, and other routes keep working", async () => {
    const warnings: string[] = [];
    const host = createAgentHost({
      target: countingEcho().target,
      channels: [telegramChannel({ token: "", webhookSecret: "", mode: "webhook" })],
      store: memoryStore(),
      logger: { ...silentLogger, warn: (message) => warnings.push(message) },
    });
    const { url } = await host.serve({ port: 0 });
    try {
      const response = await fetch(`${url}/telegram/webhook`, { method: "POST", body: "{}" });
      expect(response.status).toBe(503);
      expect((await response.json()) as { error: string }).toEqual({ error: expect.stringContaining("set TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET") });
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect(warnings).toHaveLength(1);
    } finally {
      await host.close({ timeoutMs: 1000 });
    }
  });

  it("refuses a webhook secret Telegram would not accept, instead of failing at setWebhook", async () => {
    const telegram = await startFakeTelegram();
    const { url, close } = await startTelegramHost({ telegram, channel: { webhookSecret: "has spaces!" } });
    try {
      const response = await telegram.postUpdate(`${url}/telegram/webhook`, telegram.textUpdate({ text: "hi" }), "has spaces!");
      expect(response.status).toBe(503);
      expect(((await response.json()) as { error: string }).error).toContain("TELEGRAM_WEBHOOK_SECRET may only use");
    } finally {
      await close();
      await telegram.close();
    }
  });

  it("answers 503 while Telegram refuses the bot token, and logs why", async () => {
    const telegram = await startFakeTelegram();
    const { send, problems, close } = await startTelegramHost({ telegram, channel: { token: "42:not-the-right-token" } });
    try {
      expect((await send({ text: "hi", chatId: 603 })).status).toBe(503);
      expect(problems.join("\n")).toContain("check TELEGRAM_BOT_TOKEN");
      expect(telegram.callsTo("getMe").every((call) => call.status === 401)).toBe(true);
    } finally {
      await close();
      await telegram.close();
    }
  });

  it("starts without the Bot API and still answers forged requests with 401", async () => {
    const gone = await startFakeTelegram();
    await gone.close(); // nothing listens there any more: every Bot API call fails to connect
    const { url, close } = await startTelegramHost({ telegram: gone });
    try {
      const response = await fetch(`${url}/telegram/webhook`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"update_id":1}' });
      expect(response.status).toBe(401);
    } finally {
      await close(); // also ends the pending getMe retries
    }
  });

  it("registers the webhook (URL, secret, allowed updates) on startup when it knows its public URL", async () => {
    const { telegram } = await start({ channel: { publicUrl: "https://bot.example.com/", path: "/tg" } });
    await telegram.waitFor(() => telegram.webhook);
    expect(telegram.webhook).toEqual({ url: "https://bot.example.com/tg/webhook", secretToken: SECRET, allowedUpdates: ["message"] });
  });

  it("logs (and survives) a webhook URL Telegram refuses", async () => {
    const { telegram, problems, send } = await start({ channel: { publicUrl: "http://not-https.example.com" } });
    await telegram.waitFor(() => problems.join("\n").includes("An HTTPS URL must be provided"));
    expect(telegram.webhook).toBeUndefined();
    await send({ text: "still here", chatId: 604 });
    await telegram.waitFor(() => telegram.messages(604).includes("You said: still here"));
  });
});
