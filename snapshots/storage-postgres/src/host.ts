// The wiring of this project: the target in src/agent.ts, the channels it answers on, and the storage.
// `add-channel` and `remove-channel` edit this file: keep one import per channel and the one `channels` array.
import { createAgentHost, codeLinker, type AgentHost, type AgentHostOptions } from "agent-host";
import { postgresStore } from "agent-host/postgres";
import { bullmqRunner } from "agent-host/bullmq";
import { target } from "./agent.ts";
import { responsesChannel } from "./channels/responses.ts";
import { telegramChannel } from "./channels/telegram.ts";

/**
 * Builds the host from `env` (the process environment by default). Tests pass `overrides`, such as
 * `{ store: memoryStore() }`; anything in them replaces the setting below.
 *
 * - Storage: PostgreSQL — one PostgreSQL table shared by every host replica; BullMQ runs background work when REDIS_URL is set.
 * - Access: Forced link — a channel user must link their account (one-time /link code) before the agent answers.
 */
export function createHost(env: NodeJS.ProcessEnv = process.env, overrides: Partial<AgentHostOptions> = {}): AgentHost {
  return createAgentHost({
    target,
    channels: [responsesChannel(), telegramChannel()],
    identityLinker: codeLinker,
    requireLink: true,
    ...overrides,
    store: overrides.store ?? postgresStore({ connectionString: env.DATABASE_URL }),
    runner: overrides.runner ?? (env.REDIS_URL ? bullmqRunner({ connection: env.REDIS_URL }) : undefined),
  });
}
