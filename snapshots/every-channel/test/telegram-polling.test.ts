// Long polling (TELEGRAM_MODE=polling, for local development without a public URL): the webhook is deleted
// first, updates come from getUpdates, and host.close() stops polling and confirms what was handled.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileStore } from "agent-host";
import { startFakeTelegram, type FakeTelegram } from "agent-host/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { countingEcho, startTelegramHost } from "./_telegram.ts";

let telegram: FakeTelegram;
beforeEach(async () => {
  telegram = await startFakeTelegram();
});
afterEach(() => telegram.close());

describe("telegram channel: long polling", () => {
  it("deletes the webhook, answers updates from getUpdates, and stops on close", async () => {
    // A webhook left over from a deployment: getUpdates answers 409 until it is deleted.
    await fetch(`${telegram.apiRoot}/bot${telegram.token}/setWebhook`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url: "https://old.example.com/telegram/webhook" }),
    });
    const agent = countingEcho();
    const { url, problems, close } = await startTelegramHost({ telegram, host: { target: agent.target }, channel: { mode: "polling", webhookSecret: "" } });
    const update = telegram.textUpdate({ text: "polled", chatId: 801, userId: 801 });
    try {
      expect((await fetch(`${url}/telegram/webhook`, { method: "POST", body: "{}" })).status).toBe(404); // no route in polling mode
      telegram.queueUpdate(update);
      await telegram.waitFor(() => telegram.messages(801).at(-1) === "You said: polled");
      expect(telegram.webhook).toBeUndefined();
      const methods = telegram.calls.map((call) => call.method);
      expect(methods.indexOf("deleteWebhook")).toBeLessThan(methods.indexOf("getUpdates"));
      await telegram.waitFor(() => telegram.commands.length > 0); // set alongside polling, not before it
      expect(telegram.commands.map((command) => command.command)).toContain("new");
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
    // bot.stop() confirmed the handled update: a later poll gets nothing old.
    const last = telegram.callsTo("getUpdates").at(-1);
    expect(last?.params.offset).toBe(update.update_id + 1);
    const polls = telegram.callsTo("getUpdates").length;
    telegram.queueUpdate(telegram.textUpdate({ text: "after close", chatId: 802 }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(telegram.callsTo("getUpdates")).toHaveLength(polls);
    expect(agent.calls()).toBe(1);
  });

  it("answers an update once even when Telegram hands it out again after a restart", async () => {
    // The state survives the restart (fileStore), so the second process knows the update was answered.
    const dir = await mkdtemp(join(tmpdir(), "telegram-polling-"));
    const agent = countingEcho();
    const update = telegram.textUpdate({ text: "twice", chatId: 803, userId: 803 });
    try {
      const first = await startTelegramHost({ telegram, host: { target: agent.target, store: fileStore({ dir }) }, channel: { mode: "polling" } });
      telegram.queueUpdate(update);
      await telegram.waitFor(() => telegram.messages(803).at(-1) === "You said: twice");
      await first.close();

      telegram.queueUpdate(update); // re-delivered: say the confirming getUpdates never reached Telegram
      const second = await startTelegramHost({ telegram, host: { target: agent.target, store: fileStore({ dir }) }, channel: { mode: "polling" } });
      telegram.queueUpdate(telegram.textUpdate({ text: "marker", chatId: 804, userId: 804 }));
      await telegram.waitFor(() => telegram.messages(804).at(-1) === "You said: marker");
      await second.close();
      expect(agent.calls()).toBe(2);
      expect(telegram.messages(803)).toEqual(["You said: twice"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
