// Proactive messages from the host to Discord: to the server channel the user last used, or to their DM
// (opened with POST /users/@me/channels), always with `Authorization: Bot <token>`; failures are receipts.
import { echoAgent, ResponseTargets, type AgentTarget } from "agent-host";
import { afterEach, describe, expect, it } from "vitest";
import { startBot, type TestBot } from "./_discord-host.ts";

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

/** The echo agent, remembering the isolation key of each caller (what host.deliver takes). */
function keyRecordingAgent(): AgentTarget & { keys: string[] } {
  const echo = echoAgent();
  const agent: AgentTarget & { keys: string[] } = {
    ...echo,
    keys: [],
    run: (input, context) => {
      if (context.isolationKey) agent.keys.push(context.isolationKey);
      return echo.run(input, context);
    },
  };
  return agent;
}

async function askOnce(b: TestBot, agent: { keys: string[] }, where: { channelId: string; guildId?: string; userId: string }) {
  await b.discord.send(b.endpoint, b.discord.command({ name: "ask", options: { prompt: "remember me" }, ...where }));
  await b.discord.waitForMessages(where.channelId, (texts) => texts.length > 0);
  const key = agent.keys.at(-1);
  if (!key) throw new Error("The agent saw no isolation key.");
  return key;
}

describe("discord push", () => {
  it("posts to the server channel the user last asked in, with the bot token", async () => {
    const agent = keyRecordingAgent();
    bot = await startBot({ host: { target: agent } });
    const key = await askOnce(bot, agent, { channelId: "52771983423143001", guildId: "290926798626357250", userId: "80351110224678001" });
    const records = await bot.host.deliver(key, "The report is ready.", ResponseTargets.channel("discord"));
    expect(records.map((record) => record.status)).toEqual(["delivered"]);
    expect(bot.discord.messages("52771983423143001")).toContain("The report is ready.");
    const post = bot.discord.requests.find((request) => request.endpoint === "channel.message");
    expect(post).toMatchObject({ path: "/channels/52771983423143001/messages", authorization: `Bot ${bot.discord.botToken}` });
    expect(bot.discord.requests.some((request) => request.endpoint === "dm.open")).toBe(false);
  });

  it("opens a DM channel first for a user who talked to the bot in a DM", async () => {
    const agent = keyRecordingAgent();
    bot = await startBot({ host: { target: agent } });
    const key = await askOnce(bot, agent, { channelId: "52771983423143002", userId: "80351110224678002" });
    const long = "x".repeat(2500);
    const records = await bot.host.deliver(key, long, ResponseTargets.channel("discord"));
    expect(records.map((record) => record.status)).toEqual(["delivered"]);
    const opened = bot.discord.requests.find((request) => request.endpoint === "dm.open");
    expect(opened).toMatchObject({ body: { recipient_id: "80351110224678002" }, authorization: `Bot ${bot.discord.botToken}` });
    // The fake's DM channel for this user is the one the interaction came from.
    const pushed = bot.discord.messages("52771983423143002").slice(1);
    expect(pushed.length).toBe(2);
    expect(pushed.every((text) => text.length <= 2000)).toBe(true);
    expect(pushed.join("")).toBe(long);
  });

  it("reports a refused push as failed with Discord's reason, without throwing", async () => {
    const agent = keyRecordingAgent();
    bot = await startBot({ host: { target: agent }, channel: { botToken: "wrong-token" } });
    // Interaction webhooks need no bot token, so the conversation itself works.
    const key = await askOnce(bot, agent, { channelId: "52771983423143003", guildId: "290926798626357250", userId: "80351110224678003" });
    const [record] = await bot.host.deliver(key, "Hello?", ResponseTargets.channel("discord"));
    expect(record?.status).toBe("failed");
    expect(JSON.stringify(record)).toMatch(/401/u);
    expect(JSON.stringify(record)).not.toContain("wrong-token");
  });
});
