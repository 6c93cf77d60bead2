// What the whatsapp channel refuses, and how: unsigned, forged and malformed notifications, oversize
// bodies, missing configuration, and Graph API errors — never a 5xx, never an agent call.
import { createAgentHost, echoAgent, memoryStore, silentLogger } from "agent-host";
import { startFakeWhatsApp, type FakeWhatsApp } from "agent-host/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { whatsappChannel } from "../src/channels/whatsapp.ts";
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

describe("signatures", () => {
  it("answers 401 to an unsigned notification and 403 to a forged one; the agent is never called", async () => {
    bot = await startBot(fake);
    const phone = newPhone();
    const payload = fake.textMessage({ from: phone, text: "let me in" });
    const body = JSON.stringify(payload);
    const unsigned = await fake.deliver(bot.webhook, payload, { signature: null });
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toMatchObject({ error: expect.stringContaining("X-Hub-Signature-256") });
    expect((await fake.deliver(bot.webhook, payload, { secret: "not-the-app-secret" })).status).toBe(403);
    expect((await fake.deliver(bot.webhook, payload, { signature: "sha256=zz" })).status).toBe(403);
    expect((await fake.deliver(bot.webhook, payload, { signature: fake.sign(body).replace("sha256=", "sha1=") })).status).toBe(403);
    // Signed for another body: the signature covers the exact bytes.
    expect((await fake.deliver(bot.webhook, payload, { signature: fake.sign(`${body} `) })).status).toBe(403);
    await settle();
    expect(bot.calls).toHaveLength(0);
    expect(fake.messages(phone)).toEqual([]);
  });
});

describe("malformed notifications (correctly signed)", () => {
  it("answers 400 to bad JSON and to bodies that are not notifications", async () => {
    bot = await startBot(fake);
    for (const body of ["{not json", "", "[]", "null", "42", '{"entry":"x"}', '{"object":"whatsapp_business_account"}']) {
      const response = await fake.deliver(bot.webhook, body);
      expect(response.status, body).toBe(400);
      expect(await response.json()).toMatchObject({ error: expect.any(String) });
    }
    await settle();
    expect(bot.calls).toHaveLength(0);
  });

  it("answers 200 and skips notifications of other products and items it cannot read", async () => {
    bot = await startBot(fake);
    const phone = newPhone();
    const bodies = [
      { object: "page", entry: [] },
      { object: "whatsapp_business_account", entry: [null, 1, { changes: "x" }, { changes: [{ field: "account_update", value: {} }] }] },
      fake.notification({ messages: [{ from: phone, type: "text" }] }), // no id
      fake.notification({ messages: [{ id: "wamid.x1", from: phone, type: "text", text: {} }] }), // no body
      fake.notification({ messages: [{ id: "wamid.x2", from: { phone }, type: "text", text: { body: "hi" } }] }),
      fake.notification({ messages: "not a list", statuses: [{ nonsense: true }], contacts: 7 }),
    ];
    for (const body of bodies) expect((await fake.deliver(bot.webhook, body)).status, JSON.stringify(body)).toBe(200);
    await settle();
    expect(bot.calls).toHaveLength(0);
    expect(fake.messages(phone)).toEqual([]);
  });

  it("answers 413 to a body over the host's size limit without reading it further", async () => {
    bot = await startBot(fake, { host: { maxBodyBytes: 64 * 1024 } });
    const phone = newPhone();
    const response = await fake.deliver(bot.webhook, fake.textMessage({ from: phone, text: "x".repeat(100 * 1024) }));
    expect(response.status).toBe(413);
    await settle();
    expect(bot.calls).toHaveLength(0);
  });
});

describe("configuration", () => {
  it("answers 503 naming the missing variables, and the host keeps serving", async () => {
    const warnings: string[] = [];
    const host = createAgentHost({
      target: echoAgent(),
      channels: [whatsappChannel({ accessToken: "", appSecret: "", verifyToken: "" })],
      store: memoryStore(),
      logger: { ...silentLogger, warn: (message) => void warnings.push(message) },
    });
    const { url } = await host.serve({ port: 0 });
    try {
      const response = await fake.deliver(`${url}/whatsapp/webhook`, fake.textMessage({ from: newPhone(), text: "hi" }));
      expect(response.status).toBe(503);
      const { error } = (await response.json()) as { error: string };
      expect(error).toContain("WHATSAPP_ACCESS_TOKEN and WHATSAPP_APP_SECRET and WHATSAPP_VERIFY_TOKEN");
      expect((await fetch(`${url}/whatsapp/webhook?hub.mode=subscribe`)).status).toBe(503);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect(warnings.filter((line) => line.includes("not configured"))).toHaveLength(1);
    } finally {
      await host.close({ timeoutMs: 2000 });
    }
  });
});

describe("Graph API errors", () => {
  it("logs a refused send with Graph's code and message, and what to do", async () => {
    bot = await startBot(fake, { channel: { accessToken: "expired-token" } });
    const phone = newPhone();
    expect((await fake.deliver(bot.webhook, fake.textMessage({ from: phone, text: "hello" }))).status).toBe(200);
    const deadline = Date.now() + 3000;
    while (!bot.logs.some((line) => line.startsWith("error:")) && Date.now() < deadline) await settle();
    const line = bot.logs.find((entry) => entry.startsWith("error:")) ?? "";
    expect(line).toContain("code 190");
    expect(line).toContain("Invalid OAuth access token");
    expect(line).toContain("WHATSAPP_ACCESS_TOKEN");
    expect(line).not.toContain("expired-token");
    expect(fake.requests.at(-1)).toMatchObject({ status: 401, response: { error: { code: 190, type: "OAuthException" } } });
  });
});
