// The wiring of this project: the target in src/agent.ts, the channels it answers on, and the storage.
// `add-channel` and `remove-channel` edit this file: keep one import per channel and the one `channels` array.
import { createAgentHost, fileStore, codeLinker, type AgentHost, type AgentHostOptions } from "agent-host";
import { target } from "./agent.ts";
import { responsesChannel } from "./channels/responses.ts";
import { invocationsChannel } from "./channels/invocations.ts";

/**
 * Builds the host from `env` (the process environment by default). Tests pass `overrides`, such as
 * `{ store: memoryStore() }`; anything in them replaces the setting below.
 *
 * - Storage: File — JSON files under .agent-host/, survives restarts (one host process).
 * - Access: Forced link — a channel user must link their account (one-time /link code) before the agent answers.
 */
export function createHost(env: NodeJS.ProcessEnv = process.env, overrides: Partial<AgentHostOptions> = {}): AgentHost {
  return createAgentHost({
    target,
    channels: [responsesChannel(), invocationsChannel()],
    identityLinker: codeLinker,
    requireLink: true,
    ...overrides,
    store: overrides.store ?? fileStore({ dir: env.AGENT_HOST_STATE_DIR || ".agent-host" }),
  });
}
