// How answers look in Telegram: streamed by throttled edits (waiting out 429s), Markdown as entities that
// the Bot API accepts (also around `*_[`), and long answers split at 4096 characters with valid formatting.
import { echoAgent, type AgentTarget } from "agent-host";
import { afterEach, describe, expect, it } from "vitest";
import { startTelegramHost, type TelegramTestHost } from "./_telegram.ts";

let running: TelegramTestHost | undefined;
const start = async (...args: Parameters<typeof startTelegramHost>) => (running = await startTelegramHost(...args));
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** An agent that answers every message with `answer`, a few characters per delta. */
function scripted(answer: string): AgentTarget {
  return {
    kind: "agent",
    name: "scripted",
    description: "Answers with a fixed text.",
    async *run() {
      for (let i = 0; i < answer.length; i += 512) yield { type: "text-delta", text: answer.slice(i, i + 512) };
    },
  };
}

const failedCalls = (running: TelegramTestHost) => running.telegram.calls.filter((call) => call.status !== 200);

describe("telegram replies", () => {
  it("streams the answer into one message by throttled edits", async () => {
    const { send, telegram } = await start({ host: { target: echoAgent({ delayMs: 30 }) }, channel: { editIntervalMs: 20 } });
    await send({ text: "one two three four five six seven", chatId: 701 });
    await telegram.waitFor(() => telegram.messages(701).at(-1) === "You said: one two three four five six seven");
    expect(telegram.callsTo("sendMessage")).toHaveLength(1);
    expect(telegram.callsTo("editMessageText").length).toBeGreaterThan(0);
    expect(telegram.sent[0]?.edits).toBeGreaterThan(0);
  });

  it("waits out a 429 retry_after and still shows the whole answer", async () => {
    const { send, telegram, problems } = await start({ host: { target: echoAgent({ delayMs: 30 }) }, channel: { editIntervalMs: 20 } });
    telegram.rateLimit("editMessageText", 1);
    await send({ text: "slow down please", chatId: 702 });
    await telegram.waitFor(() => telegram.messages(702).at(-1) === "You said: slow down please", 5000);
    const edits = telegram.callsTo("editMessageText").map((call) => call.status);
    expect(edits[0]).toBe(429);
    expect(edits.slice(1)).toContain(200);
    expect(problems).toEqual([]);
  });

  it("sends text with stray `*`, `_` and `[` without a Bot API error", async () => {
    const { send, telegram } = await start();
    await send({ text: "*_[ snake_case 2*3*4 [not a link]( **half", chatId: 703 });
    const expected = "You said: *_[ snake_case 2*3*4 [not a link]( **half";
    await telegram.waitFor(() => telegram.messages(703).at(-1) === expected);
    expect(telegram.messages(703)).toEqual([expected]);
    expect(failedCalls(running as TelegramTestHost)).toEqual([]);
  });

  it("renders the agent's Markdown as Telegram entities", async () => {
    const { send, telegram } = await start({ host: { target: scripted("# Title\n**Bold** and `code` and [a link](https://example.com/x).\n```ts\nconst a = 1;\n```") } });
    await send({ text: "format", chatId: 704 });
    await telegram.waitFor(() => telegram.messages(704).at(-1)?.endsWith("const a = 1;"));
    const [message] = telegram.sent;
    expect(message?.text).toBe("Title\nBold and code and a link.\nconst a = 1;");
    expect(message?.entities).toEqual([
      { type: "bold", offset: 0, length: 5 },
      { type: "bold", offset: 6, length: 4 },
      { type: "code", offset: 15, length: 4 },
      { type: "text_link", offset: 24, length: 6, url: "https://example.com/x" },
      { type: "pre", offset: 32, length: 12, language: "ts" },
    ]);
    expect(failedCalls(running as TelegramTestHost)).toEqual([]);
  });

  it("splits a long answer at 4096 characters, each message with valid formatting", async () => {
    const paragraph = "Some **bold** words, a `code span`, and *italic* ones. ".repeat(12);
    const code = `\`\`\`python\n${"print('a line of code')\n".repeat(150)}\`\`\``;
    const answer = `${paragraph}\n\n${code}\n\n${paragraph}\n\n${paragraph}\n\n${paragraph}`;
    const { send, telegram } = await start({ host: { target: scripted(answer) } });
    await send({ text: "long", chatId: 705 });
    await telegram.waitFor(() => telegram.messages(705).at(-1)?.endsWith("ones."), 5000);
    const messages = telegram.sent.filter((m) => m.chatId === "705");
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      expect(message.text.length).toBeLessThanOrEqual(4096);
      expect(message.entities.length).toBeGreaterThan(0);
    }
    // The code block cut in two is a `pre` entity in both messages, not stray backticks.
    expect(messages.filter((m) => m.entities.some((e) => e.type === "pre" && e.language === "python"))).toHaveLength(2);
    expect(messages.some((m) => m.text.includes("```"))).toBe(false);
    expect(failedCalls(running as TelegramTestHost)).toEqual([]);
  });

  it("sends the text as typed with markdown: false", async () => {
    const { send, telegram } = await start({ host: { target: scripted("**not bold**") }, channel: { markdown: false } });
    await send({ text: "plain", chatId: 706 });
    await telegram.waitFor(() => telegram.messages(706).at(-1) === "**not bold**");
    expect(telegram.sent[0]).toMatchObject({ text: "**not bold**", entities: [] });
  });
});
