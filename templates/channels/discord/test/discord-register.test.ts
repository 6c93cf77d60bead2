// The registration script: it builds the host, takes the discord channel's command catalog (/ask plus
// the host's commands shown in menus) and PUTs it to the fake Discord — globally or for one server.
import { codeLinker, createAgentHost, echoAgent, silentLogger, type AgentHostOptions, type ChannelCommand } from "agent-host";
import { startFakeDiscord, type FakeDiscord } from "agent-host/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { slashCommands } from "../src/channels/discord-commands.ts";
import { discordChannel, type DiscordChannelOptions } from "../src/channels/discord.ts";
import { registerCommandsOf } from "../src/channels/discord-register.ts";
import { fakeSettings } from "./_discord-host.ts";

const weather: ChannelCommand = { name: "weather", description: "Today's weather", handle: (context) => context.reply("Sunny") };
const hidden: ChannelCommand = { name: "debug", description: "Internal", exposeInUi: false, handle: () => {} };

let discord: FakeDiscord;
beforeEach(async () => {
  discord = await startFakeDiscord();
});
afterEach(() => discord.close());

/** A stand-in for src/host.ts's createHost: the project's wiring with a discord channel. */
const createHostWith = (channel: DiscordChannelOptions) => (_env?: NodeJS.ProcessEnv, overrides: Partial<AgentHostOptions> = {}) =>
  createAgentHost({ target: echoAgent(), channels: [discordChannel(channel)], commands: [weather, hidden], identityLinker: codeLinker, logger: silentLogger, ...overrides });

describe("discord command registration", () => {
  it("PUTs /ask and the host's visible commands globally, with the bot token", async () => {
    const names = await registerCommandsOf(createHostWith(fakeSettings(discord)), {});
    expect(names).toEqual(["ask", "new", "link", "unlink", "weather"]);
    const put = discord.requests.find((request) => request.endpoint === "commands.put");
    expect(put).toMatchObject({ method: "PUT", path: `/applications/${discord.applicationId}/commands`, authorization: `Bot ${discord.botToken}` });
    expect(put?.body).toEqual([
      { type: 1, name: "ask", description: "Ask the agent", options: [{ type: 3, name: "prompt", description: "Your message to the agent", required: true, max_length: 6000 }] },
      { type: 1, name: "new", description: "Start a new conversation" },
      { type: 1, name: "link", description: "Link this account with your other channels", options: [expect.objectContaining({ type: 3, name: "code", required: false })] },
      { type: 1, name: "unlink", description: "Unlink this channel from your other channels" },
      { type: 1, name: "weather", description: "Today's weather", options: [{ type: 3, name: "text", description: "What to pass to /weather", required: false }] },
    ]);
  });

  it("takes a command's argument from its declaration: a named option, or none", () => {
    const forecast: ChannelCommand = { name: "forecast", description: "Forecast", argument: { name: "city", description: "Which city", required: true }, handle: () => {} };
    const ping: ChannelCommand = { name: "ping", description: "Ping", argument: false, handle: () => {} };
    const [, first, second] = slashCommands([forecast, ping]);
    expect(first).toEqual({ type: 1, name: "forecast", description: "Forecast", options: [{ type: 3, name: "city", description: "Which city", required: true }] });
    expect(second).toEqual({ type: 1, name: "ping", description: "Ping" });
  });

  it("registers for one server when DISCORD_GUILD_ID is set", async () => {
    await registerCommandsOf(createHostWith(fakeSettings(discord)), { DISCORD_GUILD_ID: "290926798626357250" });
    expect(discord.registeredCommands("290926798626357250")).toHaveLength(5);
    expect(discord.registeredCommands()).toBeUndefined();
  });

  it("fails with Discord's answer when the bot token is wrong", async () => {
    await expect(registerCommandsOf(createHostWith({ ...fakeSettings(discord), botToken: "wrong" }), {})).rejects.toThrow(/401 to PUT \/applications\/\d+\/commands/u);
  });

  it("says what to set when the host's discord channel is not configured", async () => {
    await expect(registerCommandsOf(createHostWith({ apiBase: discord.apiBase, publicKey: "", applicationId: "", botToken: "" }), {})).rejects.toThrow(/DISCORD_PUBLIC_KEY/u);
    expect(discord.requests).toEqual([]);
  });

  it("the registered commands are the ones the channel answers: /weather text:Oslo runs the user command", async () => {
    await registerCommandsOf(createHostWith(fakeSettings(discord)), {});
    const host = createHostWith(fakeSettings(discord))();
    const { url } = await host.serve({ port: 0 });
    try {
      await discord.send(`${url}/discord/interactions`, discord.fromText({ userId: "u1", chatId: "63771983423143001", text: "/weather Oslo" }));
      expect(await discord.waitForMessages("63771983423143001", (texts) => texts.length > 0)).toEqual(["Sunny"]);
    } finally {
      await host.close({ timeoutMs: 2000 });
    }
  });
});

describe("slashCommands", () => {
  it("lower-cases names, skips names Discord refuses and duplicates of /ask, and cuts descriptions to 100", () => {
    const commands: ChannelCommand[] = [
      { name: "Status", description: "x".repeat(150), handle: () => {} },
      { name: "has space", description: "no", handle: () => {} },
      { name: "ask", description: "shadowing /ask", handle: () => {} },
      { name: "empty", description: "  ", handle: () => {} },
    ];
    const list = slashCommands(commands);
    expect(list.map((command) => command.name)).toEqual(["ask", "status", "empty"]);
    expect(list[1]?.description).toHaveLength(100);
    expect(list[2]?.description).toBe("Run /empty");
  });
});
