// Property tests (fast-check): the update parser never throws on any input, the Markdown renderer always
// yields text + entities the Bot API accepts, and random webhook bodies never cause a 5xx or an agent call.
import { checkTelegramText, startFakeTelegram } from "agent-host/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../src/channels/telegram-format.ts";
import { readTextMessage } from "../src/channels/telegram-update.ts";
import { countingEcho, SECRET, startTelegramHost } from "./_telegram.ts";

const bot = { id: 123456789, username: "agent_host_test_bot" };
const markdownish = fc.string({ unit: fc.constantFrom("*", "**", "_", "__", "~~", "`", "```", "[", "]", "(", ")", "https://x.io", "#", " ", "\n", "\\", "a", "b", "é", "😀", "ts"), maxLength: 60 });

/** Update-shaped values whose fields are sometimes right, sometimes of the wrong type. */
const anyField = fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.boolean(), fc.array(fc.jsonValue(), { maxLength: 2 }));
const updateLike = fc.record(
  {
    update_id: fc.oneof(fc.integer({ min: 1 }), anyField),
    message: fc.oneof(
      anyField,
      fc.record(
        {
          message_id: fc.oneof(fc.integer({ min: 1 }), anyField),
          chat: fc.oneof(anyField, fc.record({ id: fc.oneof(fc.integer(), anyField), type: fc.oneof(fc.constantFrom("private", "group", "supergroup", "channel"), anyField) }, { requiredKeys: [] })),
          from: fc.oneof(anyField, fc.record({ id: fc.oneof(fc.integer(), anyField), is_bot: anyField, first_name: anyField }, { requiredKeys: [] })),
          text: fc.oneof(markdownish, anyField),
          entities: fc.oneof(anyField, fc.array(fc.record({ type: fc.constantFrom("mention", "bot_command", "bold", "text_mention"), offset: fc.integer({ min: -2, max: 70 }), length: fc.integer({ min: -1, max: 70 }) }), { maxLength: 4 })),
          message_thread_id: anyField,
          is_topic_message: anyField,
          reply_to_message: fc.oneof(anyField, fc.record({ from: fc.record({ id: fc.constantFrom(bot.id, 1) }) })),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: [] },
);

/** The update as JSON with any message text removed: malformed, or valid but nothing for the agent. */
function withoutText(update: Record<string, unknown>): string {
  const message = update.message;
  if (typeof message !== "object" || message === null || Array.isArray(message)) return JSON.stringify(update);
  const { text: _text, ...rest } = message as Record<string, unknown>;
  return JSON.stringify({ ...update, message: rest });
}

describe("telegram properties", () => {
  it("readTextMessage never throws, and what it returns is consistent", () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), updateLike), (update) => {
        const message = readTextMessage(update, bot);
        if (message === undefined) return;
        expect(message.text.length).toBeGreaterThan(0);
        expect(message.prompt.length).toBeLessThanOrEqual(message.text.length);
        expect(Number.isSafeInteger(message.chatId) && Number.isSafeInteger(message.user.id)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("renderMarkdown never throws and always yields text the Bot API accepts", () => {
    fc.assert(
      fc.property(markdownish, (markdown) => {
        const { text, entities } = renderMarkdown(markdown);
        expect(text.length).toBeLessThanOrEqual(markdown.length);
        if (text.trim() === "") return;
        const checked = checkTelegramText({ text, ...(entities.length ? { entities } : {}) });
        expect(checked).not.toHaveProperty("error");
      }),
      { numRuns: 2000 },
    );
  });

  it("random bodies with the right secret never get a 5xx and never reach the agent", async () => {
    const telegram = await startFakeTelegram();
    const agent = countingEcho();
    const { webhookUrl, close } = await startTelegramHost({ telegram, host: { target: agent.target } });
    try {
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.json(), fc.string(), updateLike.map(withoutText)), async (body) => {
          const response = await telegram.postUpdate(webhookUrl, body, SECRET);
          expect(response.status).toBeLessThan(500);
        }),
        { numRuns: 60 },
      );
      expect(agent.calls()).toBe(0);
    } finally {
      await close();
      await telegram.close();
    }
  });
});
