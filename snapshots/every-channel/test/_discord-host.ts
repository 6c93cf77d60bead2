// Test helper: the fake Discord from agent-host/testing and a real host on 127.0.0.1 whose discord
// channel points at it (its public key, application id, bot token and API base).
import { createAgentHost, echoAgent, memoryStore, silentLogger, type AgentHost, type AgentHostOptions, type Logger } from "agent-host";
import { startFakeDiscord, type FakeDiscord } from "agent-host/testing";
import { discordChannel, type DiscordChannelOptions } from "../src/channels/discord.ts";

export interface TestBot {
  discord: FakeDiscord;
  host: AgentHost;
  /** `<host>/discord/interactions`: where Discord POSTs. */
  endpoint: string;
  close(): Promise<void>;
}

/** The channel options that connect the bot to `discord`. */
export const fakeSettings = (discord: FakeDiscord): DiscordChannelOptions => ({
  publicKey: discord.publicKey,
  applicationId: discord.applicationId,
  botToken: discord.botToken,
  apiBase: discord.apiBase,
});

export async function startBot(
  options: { channel?: DiscordChannelOptions; host?: Partial<AgentHostOptions>; logger?: Logger } = {},
): Promise<TestBot> {
  const discord = await startFakeDiscord();
  const host = createAgentHost({
    target: echoAgent(),
    channels: [discordChannel({ ...fakeSettings(discord), ...options.channel })],
    store: memoryStore(),
    logger: options.logger ?? silentLogger,
    ...options.host,
  });
  const { url } = await host.serve({ port: 0 });
  return {
    discord,
    host,
    endpoint: `${url}${options.channel?.path ?? "/discord"}/interactions`,
    close: async () => {
      await host.close({ timeoutMs: 2000 });
      await discord.close();
    },
  };
}

/** A logger that keeps what it is told, to assert on warnings. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push(`${level}: ${message} ${fields ? JSON.stringify(fields) : ""}`);
  return { lines, info: keep("info"), warn: keep("warn"), error: keep("error") };
}
