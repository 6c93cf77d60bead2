// The discord channel passes the chat-channel conformance suite against the fake Discord: slash
// commands signed with the fake's key, answers read back from its webhook and channel messages.
import { describeChatChannelConformance, startFakeDiscord } from "agent-host/testing";
import { discordChannel } from "../src/channels/discord.ts";
import { fakeSettings } from "./_discord-host.ts";

describeChatChannelConformance("discord", {
  defaultRoot: "/discord",
  groups: false,
  async start() {
    const discord = await startFakeDiscord();
    return discord.chatHarness((options) => discordChannel({ ...fakeSettings(discord), ...options }));
  },
});
