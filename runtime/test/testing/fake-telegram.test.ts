// The fake Bot API refuses what Telegram refuses, checked with grammy's own client — so the channel's
// tests passing against it mean something: formatting errors, long texts, wrong tokens, polling conflicts.
import { startFakeTelegram, type FakeTelegram } from "../../src/testing/index.ts";
import { Api, GrammyError } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

let telegram: FakeTelegram;
let api: Api;
beforeEach(async () => {
  telegram = await startFakeTelegram();
  api = new Api(telegram.token, { apiRoot: telegram.apiRoot });
});
afterEach(() => telegram.close());

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => (error instanceof GrammyError ? `${error.error_code} ${error.description}` : String(error)),
  );

describe("fake Telegram Bot API", () => {
  it("parses MarkdownV2 like Telegram: reserved characters must be escaped", async () => {
    expect(await refusal(api.sendMessage(1, "Done. *_[", { parse_mode: "MarkdownV2" }))).toMatch(/^400 Bad Request: can't parse entities: Character '\.' is reserved/u);
    await api.sendMessage(1, "Done\\. \\*\\_\\[ *bold*", { parse_mode: "MarkdownV2" });
    expect(telegram.sent[0]).toMatchObject({ text: "Done. *_[ bold", entities: [{ type: "bold", offset: 10, length: 4 }] });
  });

  it("refuses unclosed HTML, bad entities, empty and too long texts", async () => {
    expect(await refusal(api.sendMessage(1, "<b>open", { parse_mode: "HTML" }))).toMatch(/^400 .*Can't find end tag/u);
    expect(await refusal(api.sendMessage(1, "abc", { entities: [{ type: "bold", offset: 2, length: 5 }] }))).toMatch(/^400 .*after the text/u);
    expect(await refusal(api.sendMessage(1, "  "))).toBe("400 Bad Request: message text is empty");
    expect(await refusal(api.sendMessage(1, "x".repeat(4097)))).toBe("400 Bad Request: message is too long");
    expect(telegram.sent).toEqual([]);
  });

  it("edits only existing messages, and only with a change", async () => {
    const sent = await api.sendMessage(5, "first");
    await api.editMessageText(5, sent.message_id, "second");
    expect(await refusal(api.editMessageText(5, sent.message_id, "second"))).toMatch(/^400 Bad Request: message is not modified/u);
    expect(await refusal(api.editMessageText(5, 999, "x"))).toBe("400 Bad Request: message to edit not found");
    expect(telegram.messages(5)).toEqual(["second"]);
  });

  it("answers 401 to a wrong token and 409 to getUpdates while a webhook is set", async () => {
    expect(await refusal(new Api("1:wrong", { apiRoot: telegram.apiRoot }).getMe())).toBe("401 Unauthorized");
    await api.setWebhook("https://example.com/telegram/webhook", { secret_token: "s3cret" });
    expect(await refusal(api.getUpdates())).toMatch(/^409 Conflict/u);
    expect(await refusal(api.setWebhook("http://example.com/hook"))).toMatch(/HTTPS URL must be provided/u);
    await api.deleteWebhook();
    telegram.queueUpdate(telegram.textUpdate({ text: "/start", chatId: 3 }));
    const [update] = await api.getUpdates({ timeout: 1 });
    expect(update?.message?.entities).toEqual([{ type: "bot_command", offset: 0, length: 6 }]);
  });
});
