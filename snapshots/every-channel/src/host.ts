// The wiring of this project: the target in src/agent.ts, the channels it answers on, and the storage.
// `add-channel` and `remove-channel` edit this file: keep one import per channel and the one `channels` array.
import { createAgentHost, fileStore, type AgentHost, type AgentHostOptions } from "agent-host";
import { target } from "./agent.ts";
import { responsesChannel } from "./channels/responses.ts";
import { invocationsChannel } from "./channels/invocations.ts";
import { telegramChannel } from "./channels/telegram.ts";
import { discordChannel } from "./channels/discord.ts";
import { whatsappChannel } from "./channels/whatsapp.ts";
import { activityChannel } from "./channels/activity.ts";
import { teamsChannel } from "./channels/teams.ts";
import { a2aChannel } from "./channels/a2a.ts";
import { mcpChannel } from "./channels/mcp.ts";

/**
 * Builds the host from `env` (the process environment by default). Tests pass `overrides`, such as
 * `{ store: memoryStore() }`; anything in them replaces the setting below.
 *
 * - Storage: File — JSON files under .agent-host/, survives restarts (one host process).
 * - Access: Open — anyone may talk to the agent; identities are issued automatically, linking optional.
 */
export function createHost(env: NodeJS.ProcessEnv = process.env, overrides: Partial<AgentHostOptions> = {}): AgentHost {
  return createAgentHost({
    target,
    channels: [responsesChannel(), invocationsChannel(), telegramChannel(), discordChannel(), whatsappChannel(), activityChannel(), teamsChannel(), a2aChannel(), mcpChannel()],
    ...overrides,
    store: overrides.store ?? fileStore({ dir: env.AGENT_HOST_STATE_DIR || ".agent-host" }),
  });
}
