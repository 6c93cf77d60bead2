// The wiring of this project: the target in src/agent.ts, the channels it answers on, and the storage.
// `add-channel` and `remove-channel` edit this file: keep one import per channel and the one `channels` array.
import { createAgentHost, parseAllowlist, type AgentHost, type AgentHostOptions } from "agent-host";
import { sqliteStore } from "agent-host/sqlite";
import { target } from "./agent.ts";
import { whatsappChannel } from "./channels/whatsapp.ts";
import { mcpChannel } from "./channels/mcp.ts";

/**
 * Builds the host from `env` (the process environment by default). Tests pass `overrides`, such as
 * `{ store: memoryStore() }`; anything in them replaces the setting below.
 *
 * - Storage: SQLite — one SQLite file under .agent-host/ (node:sqlite, Node 22.13+); several processes on one machine.
 * - Access: Allowlist — only the users listed in AGENT_HOST_ALLOWLIST reach the agent; others are refused politely.
 */
export function createHost(env: NodeJS.ProcessEnv = process.env, overrides: Partial<AgentHostOptions> = {}): AgentHost {
  return createAgentHost({
    target,
    channels: [whatsappChannel(), mcpChannel()],
    allowlist: parseAllowlist(env.AGENT_HOST_ALLOWLIST),
    ...overrides,
    store: overrides.store ?? sqliteStore({ path: `${env.AGENT_HOST_STATE_DIR || ".agent-host"}/state.db` }),
  });
}
