// Proactive delivery (ChannelPush) to Telegram: by the chat id stored when the user last wrote, always the
// user's private chat (never a group), failures as receipts, and the attributed echo sent silently.
import { createAgentHost, echoAgent, memoryStore, ResponseTargets, silentLogger, type IdentityResolver } from "agent-host";
import { startFakeTelegram } from "agent-host/testing";
import { afterEach, describe, expect, it } from "vitest";
import { telegramChannel, type TelegramChannelOptions } from "../src/channels/telegram.ts";
import { SECRET, startTelegramHost, type TelegramTestHost } from "./_telegram.ts";

/** One isolation key per Telegram user id, whichever bot they talk to: stands in for a linked person. */
const byUserId: IdentityResolver = { resolve: async (identity) => `ik_${identity.nativeId}` };

let running: TelegramTestHost | undefined;
const start = async (...args: Parameters<typeof startTelegramHost>) => (running = await startTelegramHost(...args));
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe("telegram push", () => {
  it("pushes to the private chat the user last wrote from, formatted", async () => {
    const { host, send, telegram } = await start({ host: { identityResolver: byUserId } });
    await send({ text: "remember me", chatId: 901, userId: 901 });
    await telegram.waitFor(() => telegram.messages(901).at(-1) === "You said: remember me");
    const records = await host.deliver("ik_901", "A **proactive** hello", ResponseTargets.channel("telegram"));
    expect(records.map((record) => record.status)).toEqual(["delivered"]);
    const pushed = telegram.sent.at(-1);
    expect(pushed).toMatchObject({ chatId: "901", text: "A proactive hello", entities: [{ type: "bold", offset: 2, length: 9 }], silent: false });
  });

  it("pushes to the user's private chat, not to the group they wrote in", async () => {
    const { host, send, telegram } = await start({ host: { identityResolver: byUserId } });
    await send({ text: "hi", chatId: -100902, chatType: "supergroup", userId: 902, mention: true });
    await telegram.waitFor(() => telegram.messages(-100902).at(-1) === "You said: hi");
    await host.deliver("ik_902", "Just for you", ResponseTargets.channel("telegram"));
    expect(telegram.messages(902)).toEqual(["Just for you"]);
    expect(telegram.messages(-100902)).toEqual(["You said: hi"]);
  });

  it("reports a refused push as a failed delivery", async () => {
    const { host, send, telegram } = await start({ host: { identityResolver: byUserId } });
    await send({ text: "hello", chatId: 903, userId: 903 });
    await telegram.waitFor(() => telegram.messages(903).at(-1) === "You said: hello");
    telegram.failNext("sendMessage", { error_code: 403, description: "Forbidden: bot was blocked by the user" });
    const [record] = await host.deliver("ik_903", "Are you there?", ResponseTargets.channel("telegram"));
    expect(record?.status).toBe("failed");
  });

  it("echoes the user's words silently before an answer that comes from another channel", async () => {
    const [alpha, beta] = await Promise.all([startFakeTelegram({ username: "alpha_test_bot" }), startFakeTelegram({ token: "987654321:BETA-token", username: "beta_test_bot" })]);
    const channel = (name: string, telegram: typeof alpha, options: TelegramChannelOptions = {}) =>
      telegramChannel({ name, path: `/${name}`, token: telegram.token, webhookSecret: SECRET, mode: "webhook", apiRoot: telegram.apiRoot, publicUrl: "", ...options });
    const host = createAgentHost({
      target: echoAgent(),
      // On alpha, the user asks for answers on beta (a run hook may route any turn like this).
      channels: [channel("alpha", alpha, { runHook: (request) => ({ ...request, responseTarget: ResponseTargets.channel("beta") }) }), channel("beta", beta)],
      identityResolver: byUserId,
      store: memoryStore(),
      logger: silentLogger,
    });
    const { url } = await host.serve({ port: 0 });
    try {
      await beta.postUpdate(`${url}/beta/webhook`, beta.textUpdate({ text: "first", chatId: 904, userId: 904 }), SECRET);
      await beta.waitFor(() => beta.messages(904).at(-1) === "You said: first");
      await alpha.postUpdate(`${url}/alpha/webhook`, alpha.textUpdate({ text: "second", chatId: 904, userId: 904 }), SECRET);
      await beta.waitFor(() => beta.messages(904).length === 3);
      const [echo, answer] = beta.sent.slice(1);
      expect(echo).toMatchObject({ text: "You, via alpha: second", silent: true });
      expect(answer?.text).toMatch(/^You said: second/u);
      expect(answer?.silent).toBe(false);
    } finally {
      await host.close({ timeoutMs: 2000 });
      await Promise.all([alpha.close(), beta.close()]);
    }
  });
});
