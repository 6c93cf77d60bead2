// The telegram channel end to end: grammy in the host, the fake Bot API from agent-host/testing, real
// Update JSON by webhook. Private turns, the secret check, the command menu, groups and forum topics.
import { codeLinker, type AgentTarget } from "agent-host";
import { afterEach, describe, expect, it } from "vitest";
import { countingEcho, SECRET, settle, startTelegramHost, type TelegramTestHost } from "./_telegram.ts";

let running: TelegramTestHost | undefined;
const start = async (...args: Parameters<typeof startTelegramHost>) => (running = await startTelegramHost(...args));
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe("telegram channel", () => {
  it("answers a private message in the same chat, with the typing indicator", async () => {
    const { send, telegram, problems } = await start();
    const response = await send({ text: "hello there", chatId: 501, userId: 501 });
    expect(response.status).toBe(200);
    await telegram.waitFor(() => telegram.messages(501).at(-1) === "You said: hello there");
    expect(telegram.chatActions).toContainEqual({ chatId: "501", action: "typing" });
    const sent = telegram.sent.filter((message) => message.chatId === "501");
    expect(sent).toHaveLength(1);
    expect(sent[0]?.replyTo).toBeUndefined(); // private chats need no quote
    expect(telegram.calls.filter((call) => call.status !== 200)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("acknowledges the webhook before the agent has answered", async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: AgentTarget = {
      kind: "agent",
      name: "slow",
      description: "Answers once the test lets it.",
      async *run() {
        await gate;
        yield { type: "text-delta", text: "finally" };
      },
    };
    const { send, telegram } = await start({ host: { target: slow } });
    const response = await send({ text: "take your time", chatId: 508 });
    expect(response.status).toBe(200); // Telegram would re-send an update whose webhook call hangs
    expect(telegram.messages(508)).toEqual([]);
    release();
    await telegram.waitFor(() => telegram.messages(508).at(-1) === "finally");
  });

  it("refuses a wrong or missing secret token with 401 and never calls the agent", async () => {
    const agent = countingEcho();
    const { webhookUrl, telegram } = await start({ host: { target: agent.target } });
    const update = telegram.textUpdate({ text: "forged", chatId: 502 });
    expect((await telegram.postUpdate(webhookUrl, update, "not-the-secret")).status).toBe(401);
    expect((await telegram.postUpdate(webhookUrl, update)).status).toBe(401);
    expect((await telegram.postUpdate(webhookUrl, "{not json", "wrong")).status).toBe(401); // the secret is checked first
    await settle();
    expect(agent.calls()).toBe(0);
    expect(telegram.messages(502)).toEqual([]);
  });

  it("puts the host's commands in the bot menu with setMyCommands on startup", async () => {
    const { telegram, problems } = await start({
      host: {
        identityLinker: codeLinker,
        commands: [
          { name: "weather", description: "Today's forecast", handle: (c) => c.reply("Sunny.") },
          { name: "debug", description: "Internal", exposeInUi: false, handle: () => {} },
          { name: "Bad-Name", description: "Not a Telegram command", handle: () => {} },
        ],
      },
    });
    await telegram.waitFor(() => telegram.commands.length > 0); // start-up does not wait for Telegram
    expect(telegram.commands.map((command) => command.command)).toEqual(["new", "link", "unlink", "weather"]);
    expect(telegram.commands.every((command) => command.description.length > 0)).toBe(true);
    expect(problems.join("\n")).toContain('command "Bad-Name" is left out of the menu');
  });

  it("runs /link as a command and answers with the linking instructions", async () => {
    const agent = countingEcho();
    const { send, telegram } = await start({ host: { target: agent.target, identityLinker: codeLinker } });
    await send({ text: "/link", chatId: 503, userId: 503 });
    const [reply] = await telegram.waitFor(() => telegram.messages(503).length > 0 && telegram.messages(503));
    expect(reply).toMatch(/\d{6}/u);
    expect(agent.calls()).toBe(0);
  });

  it("answers group messages only when they mention the bot, reply to it, or address a command to it", async () => {
    const agent = countingEcho();
    const { send, telegram } = await start({ host: { target: agent.target } });
    const group = { chatId: -100504, chatType: "supergroup" as const, userId: 77 };
    expect((await send({ ...group, text: "just chatting" })).status).toBe(200);
    expect((await send({ ...group, text: "/new@some_other_bot" })).status).toBe(200);
    await settle();
    expect(agent.calls()).toBe(0);
    expect(telegram.messages(-100504)).toEqual([]);

    await send({ ...group, text: "what is up", mention: true, messageId: 40 });
    await telegram.waitFor(() => telegram.messages(-100504).includes("You said: what is up"));
    expect(telegram.sent.find((m) => m.text === "You said: what is up")?.replyTo).toBe(40); // quotes the asker

    const botMessage = telegram.sent.find((m) => m.chatId === "-100504")?.messageId as number;
    await send({ ...group, text: "and then?", replyToBotMessage: botMessage });
    await telegram.waitFor(() => telegram.messages(-100504).some((m) => m.startsWith("You said: and then?")));

    await send({ ...group, text: `/new@${telegram.bot.username}` });
    await telegram.waitFor(() => telegram.messages(-100504).some((m) => m.startsWith("Started a new conversation")));
    expect(agent.calls()).toBe(2);
  });

  it("sends a link challenge from a group privately, or says how to open the private chat", async () => {
    const agent = countingEcho();
    const { send, telegram } = await start({ host: { target: agent.target, identityLinker: codeLinker, requireLink: true } });
    const group = { chatId: -100507, chatType: "supergroup" as const, mention: true };
    await send({ ...group, userId: 91, text: "hello" });
    await telegram.waitFor(() => telegram.messages(-100507).length === 1 && telegram.messages(91).length === 1);
    expect(telegram.messages(-100507)[0]).toContain("I sent you the instructions in a private message");
    expect(telegram.messages(91)[0]).toMatch(/\d{6}/u); // the one-time code, in the private chat only

    // A user who never pressed Start: Telegram refuses the DM (403), so the group is told what to do.
    telegram.failNext("sendMessage", { error_code: 403, description: "Forbidden: bot can't initiate conversation with a user" });
    await send({ ...group, userId: 92, text: "hello" });
    await telegram.waitFor(() => telegram.messages(-100507).length === 2);
    expect(telegram.messages(-100507)[1]).toBe(`To link this account, open a private chat with @${telegram.bot.username}, press Start, and send /link there.`);
    expect(telegram.messages(-100507).join("\n")).not.toMatch(/\d{6}/u);
    expect(agent.calls()).toBe(0);
  });

  it("keeps a forum topic's message_thread_id on the answer and the typing indicator", async () => {
    const { send, telegram } = await start();
    await send({ chatId: -100505, chatType: "supergroup", userId: 78, threadId: 9, text: "in a topic", mention: true });
    await telegram.waitFor(() => telegram.messages(-100505).includes("You said: in a topic"));
    expect(telegram.sent.find((m) => m.chatId === "-100505")?.threadId).toBe(9);
    expect(telegram.chatActions).toContainEqual({ chatId: "-100505", action: "typing", threadId: 9 });
  });

  it("answers an update Telegram delivers twice (same update_id) only once", async () => {
    const agent = countingEcho();
    const { webhookUrl, telegram } = await start({ host: { target: agent.target } });
    const update = telegram.textUpdate({ text: "only once", chatId: 506 });
    const [first, second] = await Promise.all([telegram.postUpdate(webhookUrl, update, SECRET), telegram.postUpdate(webhookUrl, update, SECRET)]);
    expect([first?.status, second?.status]).toEqual([200, 200]);
    await telegram.waitFor(() => telegram.messages(506).includes("You said: only once"));
    await settle();
    expect(agent.calls()).toBe(1);
    expect(telegram.messages(506)).toEqual(["You said: only once"]);
  });
});
