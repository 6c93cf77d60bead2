// Redis connections for the BullMQ runner: what BullMQ gets from a URL, options or a client, and its
// own connections for cancel messages (publish, and subscribe: a subscribed connection runs nothing else).
import type { ConnectionOptions } from "bullmq";
import { Redis, type RedisOptions } from "ioredis";

/** A Redis URL (`env.REDIS_URL`), ioredis options, or an ioredis client (BullMQ duplicates it where it blocks). */
export type RunnerConnection = string | RedisOptions | Redis;

export function bullmqConnection(connection: RunnerConnection): ConnectionOptions {
  return typeof connection === "string" ? { url: connection } : (connection as ConnectionOptions);
}

/** A new connection to the same server (for PUBLISH or SUBSCRIBE). */
export function ownConnection(connection: RunnerConnection): Redis {
  if (typeof connection === "string") return new Redis(connection, { maxRetriesPerRequest: null });
  if (connection instanceof Redis) return connection.duplicate();
  const { url, ...rest } = connection as RedisOptions & { url?: string };
  return url ? new Redis(url, { ...rest, maxRetriesPerRequest: null }) : new Redis({ ...rest, maxRetriesPerRequest: null });
}

/** The BullMQ job id for a continuation token (ids must not contain ":" nor look like integers). */
export function jobIdOf(token: string): string {
  return `run.${token.replace(/%/g, "%25").replace(/:/g, "%3A")}`;
}
