// The wiring of this project: the target in src/agent.ts, the channels it answers on, and the storage.
// `add-channel` and `remove-channel` edit this file: keep one import per channel and the one `channels` array.
import { createAgentHost, type AgentHost, type AgentHostOptions } from "agent-host";
import { redisStore } from "agent-host/redis";
import { bullmqRunner } from "agent-host/bullmq";
import { target } from "./agent.ts";
import { a2aChannel } from "./channels/a2a.ts";

/**
 * Builds the host from `env` (the process environment by default). Tests pass `overrides`, such as
 * `{ store: memoryStore() }`; anything in them replaces the setting below.
 *
 * - Storage: Redis — Redis shared by every host replica (native expiry); background runs on BullMQ.
 * - Access: Open — anyone may talk to the agent; identities are issued automatically, linking optional.
 */
export function createHost(env: NodeJS.ProcessEnv = process.env, overrides: Partial<AgentHostOptions> = {}): AgentHost {
  return createAgentHost({
    target,
    channels: [a2aChannel()],
    ...overrides,
    store: overrides.store ?? redisStore({ url: env.REDIS_URL }),
    runner: overrides.runner ?? bullmqRunner({ connection: env.REDIS_URL || "redis://127.0.0.1:6379" }),
  });
}
