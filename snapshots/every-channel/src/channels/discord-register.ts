// Registers the bot's slash commands with Discord: /ask plus the chat commands of the host in src/host.ts
// (/new, /link, your own). Run after changing commands: npm run discord:register (reads .env).
import { fileURLToPath } from "node:url";
import { memoryStore, silentLogger, type AgentHost, type AgentHostOptions } from "agent-host";
import { registerSlashCommands, registrationOf } from "./discord-commands.ts";

/** The shape of `createHost` in src/host.ts. */
export type CreateHost = (env?: NodeJS.ProcessEnv, overrides?: Partial<AgentHostOptions>) => AgentHost;

/**
 * Builds the host (on a memory store: no database is opened, nothing is served) so its discord channel
 * lists exactly the commands it handles, then PUTs them — to the server `DISCORD_GUILD_ID` when set
 * (instant, for development), else globally. Resolves the registered names.
 */
export async function registerCommandsOf(createHost: CreateHost, env: NodeJS.ProcessEnv = process.env, channelName = "discord"): Promise<string[]> {
  // Silent: an unconfigured channel's warning would repeat the one-line error below.
  const host = createHost(env, { store: memoryStore(), logger: silentLogger });
  await host.close();
  const registration = registrationOf(channelName);
  if (!registration) {
    throw new Error(`The host has no configured "${channelName}" channel: set DISCORD_PUBLIC_KEY, DISCORD_APPLICATION_ID and DISCORD_BOT_TOKEN in .env (see README), and keep discordChannel() in src/host.ts.`);
  }
  return registerSlashCommands(registration, env.DISCORD_GUILD_ID?.trim() || undefined);
}

// Run as a script (not when imported): load this project's host and register.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    await import(new URL("../env.ts", import.meta.url).href); // loads .env, as src/main.ts does
    const { createHost } = (await import(new URL("../host.ts", import.meta.url).href)) as { createHost: CreateHost };
    const names = await registerCommandsOf(createHost);
    const where = process.env.DISCORD_GUILD_ID ? `in server ${process.env.DISCORD_GUILD_ID}` : "globally";
    console.log(`Registered ${names.map((name) => `/${name}`).join(", ")} ${where}.`);
  } catch (error) {
    // One line, with the cause of a network error (e.g. "fetch failed (connect ECONNREFUSED …)").
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : "";
    console.error(error instanceof Error ? `${error.message}${cause}` : error);
    process.exitCode = 1;
  }
}
