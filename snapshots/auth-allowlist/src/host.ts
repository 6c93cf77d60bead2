// The wiring of this project: the target in src/agent.ts, the channels it answers on, and the storage.
// `add-channel` and `remove-channel` edit this file: keep one import per channel and the one `channels` array.
import { createAgentHost, memoryStore, parseAllowlist, type AgentHost, type AgentHostOptions } from "agent-host";
import { target } from "./agent.ts";
import { responsesChannel } from "./channels/responses.ts";

/**
 * Builds the host from `env` (the process environment by default). Tests pass `overrides`, such as
 * `{ store: memoryStore() }`; anything in them replaces the setting below.
 *
 * - Storage: Memory — in-process only, lost on restart (tests, demos).
 * - Access: Allowlist — only the users listed in AGENT_HOST_ALLOWLIST reach the agent; others are refused politely.
 */
export function createHost(env: NodeJS.ProcessEnv = process.env, overrides: Partial<AgentHostOptions> = {}): AgentHost {
  return createAgentHost({
    target,
    channels: [responsesChannel()],
    allowlist: parseAllowlist(env.AGENT_HOST_ALLOWLIST),
    ...overrides,
    store: overrides.store ?? memoryStore(),
  });
}
