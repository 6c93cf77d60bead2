// The discord channel end to end against the fake Discord: PING, signature and replay checks, /ask
// deferred then answered through the webhook (split, streamed by edits), commands, link challenges.
import { codeLinker, echoAgent, type AgentTarget } from "agent-host";
import { afterEach, describe, expect, it } from "vitest";
import { recordingLogger, startBot, type TestBot } from "./_discord-host.ts";

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

/** The echo agent, counting its calls. */
function countingAgent(options: { delayMs?: number } = {}): AgentTarget & { calls: number } {
  const echo = echoAgent(options);
  const agent = { ...echo, calls: 0, run: (...args: Parameters<AgentTarget["run"]>) => (agent.calls++, echo.run(...args)) };
  return agent;
}

const endpoints = (b: TestBot) => b.discord.requests.map((request) => `${request.endpoint} ${request.path.replace(/\/webhooks\/\d+\/[^/]+/u, "/webhooks/{app}/{token}")}`);

describe("discord interactions endpoint", () => {
  it("answers a signed PING with PONG", async () => {
    bot = await startBot();
    const response = await bot.discord.send(bot.endpoint, bot.discord.ping());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ type: 1 });
  });

  it.each([
    ["a forged signature", { signature: "forged" as const }],
    ["no signature headers", { signature: "none" as const }],
    ["a timestamp ten minutes old", { timestamp: Math.floor(Date.now() / 1000) - 600 }],
    ["a timestamp ten minutes ahead", { timestamp: Math.floor(Date.now() / 1000) + 600 }],
  ])("refuses %s with 401 and never calls the agent", async (_, options) => {
    const agent = countingAgent();
    bot = await startBot({ host: { target: agent } });
    const interaction = bot.discord.command({ name: "ask", options: { prompt: "let me in" } });
    const response = await bot.discord.send(bot.endpoint, interaction, options);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: string }).error).toMatch(/signature|replay/i);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(agent.calls).toBe(0);
    expect(bot.discord.requests).toEqual([]);
  });

  it("refuses a body changed after signing", async () => {
    bot = await startBot();
    const body = JSON.stringify(bot.discord.command({ name: "ask", options: { prompt: "hi" } }));
    const headers = { "content-type": "application/json", ...bot.discord.sign(body) };
    const response = await fetch(bot.endpoint, { method: "POST", headers, body: body.replace("hi", "rm -rf") });
    expect(response.status).toBe(401);
  });

  it("defers /ask at once, then replaces the deferred message with the answer", async () => {
    const agent = countingAgent();
    bot = await startBot({ host: { target: agent } });
    const interaction = bot.discord.command({ name: "ask", options: { prompt: "hello Discord" }, userId: "80351110224678912", channelId: "41771983423143937" });
    const response = await bot.discord.send(bot.endpoint, interaction);
    expect(await response.json()).toEqual({ type: 5 });
    expect(await bot.discord.waitForMessages("41771983423143937", (texts) => texts.includes("You said: hello Discord"))).toEqual(["You said: hello Discord"]);
    expect(agent.calls).toBe(1);
    expect(endpoints(bot).every((line) => line === "webhook.edit /webhooks/{app}/{token}/messages/@original")).toBe(true);
    expect(bot.discord.requests.at(-1)?.body).toMatchObject({ content: "You said: hello Discord", allowed_mentions: { parse: [] } });
  });

  it("splits a long answer into messages of at most 2000 characters: the original, then followups", async () => {
    bot = await startBot();
    const prompt = Array.from({ length: 900 }, (_, i) => `w${i}`).join(" ");
    await bot.discord.send(bot.endpoint, bot.discord.command({ name: "ask", options: { prompt }, channelId: "41771983423143938" }));
    const expected = `You said: ${prompt}`;
    const texts = await bot.discord.waitForMessages("41771983423143938", (shown) => shown.join(" ").length >= expected.length);
    expect(texts.length).toBeGreaterThan(1);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(2000);
    expect(texts.join(" ")).toBe(expected);
    expect(endpoints(bot)).toContain("webhook.followup /webhooks/{app}/{token}");
  });

  it("streams a slow answer into the deferred message by edits", async () => {
    bot = await startBot({ host: { target: echoAgent({ delayMs: 15 }) }, channel: { editIntervalMs: 0 } });
    await bot.discord.send(bot.endpoint, bot.discord.command({ name: "ask", options: { prompt: "one two three" }, channelId: "41771983423143939" }));
    await bot.discord.waitForMessages("41771983423143939", (texts) => texts[0] === "You said: one two three");
    const edits = bot.discord.requests.filter((request) => request.endpoint === "webhook.edit");
    expect(edits.length).toBeGreaterThan(1);
    expect(edits.map((edit) => (edit.body as { content: string }).content).at(0)).not.toBe("You said: one two three");
  });

  it("waits out a 429 with retry_after and still answers", async () => {
    bot = await startBot();
    bot.discord.rateLimitNext(1, 0.05);
    await bot.discord.send(bot.endpoint, bot.discord.command({ name: "ask", options: { prompt: "patience" }, channelId: "41771983423143940" }));
    await bot.discord.waitForMessages("41771983423143940", (texts) => texts.includes("You said: patience"));
  });

  it("refuses a replayed interaction (same id) with 409 and answers it once", async () => {
    const agent = countingAgent();
    bot = await startBot({ host: { target: agent } });
    const interaction = bot.discord.command({ name: "ask", options: { prompt: "once" }, channelId: "41771983423143941" });
    expect((await bot.discord.send(bot.endpoint, interaction)).status).toBe(200);
    expect((await bot.discord.send(bot.endpoint, interaction)).status).toBe(409);
    await bot.discord.waitForMessages("41771983423143941", (texts) => texts.length === 1);
    expect(agent.calls).toBe(1);
  });

  it("answers an empty prompt with a hint only the user sees", async () => {
    bot = await startBot();
    const response = await bot.discord.send(bot.endpoint, bot.discord.command({ name: "ask", options: { prompt: "   " } }));
    expect(await response.json()).toMatchObject({ type: 4, data: { flags: 64, content: expect.stringContaining("/ask prompt:") } });
  });
});

describe("discord commands", () => {
  it("runs /new without the agent; in a DM the reply is a normal message", async () => {
    const agent = countingAgent();
    bot = await startBot({ host: { target: agent } });
    const response = await bot.discord.send(bot.endpoint, bot.discord.command({ name: "new", channelId: "41771983423143942" }));
    expect(await response.json()).toEqual({ type: 5 });
    const [reply] = await bot.discord.waitForMessages("41771983423143942", (texts) => texts.length > 0);
    expect(reply).toMatch(/new conversation/i);
    expect(agent.calls).toBe(0);
  });

  it("keeps command replies private in a server channel (ephemeral deferral)", async () => {
    bot = await startBot({ host: { identityLinker: codeLinker } });
    const response = await bot.discord.send(bot.endpoint, bot.discord.command({ name: "link", guildId: "290926798626357250", channelId: "41771983423143943" }));
    expect(await response.json()).toEqual({ type: 5, data: { flags: 64 } });
    const [reply] = await bot.discord.waitForMessages("41771983423143943", (texts) => texts.length > 0);
    expect(reply).toMatch(/\d{6}/u);
    expect(bot.discord.allMessages.find((message) => message.text === reply)?.ephemeral).toBe(true);
  });

  it("keeps every reply of a command private in a server channel, followups included", async () => {
    const steps = { name: "steps", description: "Replies twice", handle: async (context: { reply(text: string): Promise<void> }) => {
      await context.reply("step one");
      await context.reply("step two");
    } };
    bot = await startBot({ host: { commands: [steps] } });
    await bot.discord.send(bot.endpoint, bot.discord.command({ name: "steps", guildId: "290926798626357250", channelId: "41771983423143945" }));
    expect(await bot.discord.waitForMessages("41771983423143945", (texts) => texts.length === 2)).toEqual(["step one", "step two"]);
    expect(bot.discord.allMessages.filter((message) => message.channelId === "41771983423143945").map((message) => message.ephemeral)).toEqual([true, true]);
  });

  it("answers a command the host does not have (stale registration) at once, privately", async () => {
    bot = await startBot();
    const response = await bot.discord.send(bot.endpoint, bot.discord.command({ name: "weather", options: { text: "Oslo" } }));
    expect(await response.json()).toMatchObject({ type: 4, data: { flags: 64, content: expect.stringContaining("registration script") } });
  });

  it("sends a link challenge from a server channel privately: public notice, then an ephemeral followup", async () => {
    const agent = countingAgent();
    bot = await startBot({ host: { target: agent, identityLinker: codeLinker, requireLink: true } });
    await bot.discord.send(bot.endpoint, bot.discord.command({ name: "ask", options: { prompt: "hi" }, guildId: "290926798626357250", channelId: "41771983423143944" }));
    const texts = await bot.discord.waitForMessages("41771983423143944", (shown) => shown.length === 2);
    const [notice, challenge] = bot.discord.allMessages.filter((message) => message.channelId === "41771983423143944");
    expect(notice).toMatchObject({ ephemeral: false, text: expect.stringMatching(/private message/u) });
    expect(challenge).toMatchObject({ ephemeral: true, text: texts[1] });
    expect(challenge?.text).toMatch(/\d{6}/u);
    expect(agent.calls).toBe(0);
  });
});

describe("discord configuration", () => {
  it("answers 503 naming the missing settings, warns once, and the host keeps serving", async () => {
    const logger = recordingLogger();
    bot = await startBot({ channel: { publicKey: "", botToken: "" }, logger });
    const response = await bot.discord.send(bot.endpoint, bot.discord.ping());
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: "discord is not configured: set DISCORD_PUBLIC_KEY and DISCORD_BOT_TOKEN (see README)" });
    expect(logger.lines.filter((line) => line.startsWith("warn:"))).toHaveLength(1);
    expect((await fetch(bot.endpoint.replace("/discord/interactions", "/healthz"))).status).toBe(200);
  });

  it("refuses a public key that is not 64 hex characters", async () => {
    bot = await startBot({ channel: { publicKey: "not-a-key" } });
    const response = await bot.discord.send(bot.endpoint, bot.discord.ping());
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: string }).error).toMatch(/DISCORD_PUBLIC_KEY must be the 64 hex characters/u);
  });
});
