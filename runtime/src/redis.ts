// agent-host/redis: the Redis HostStateStore (needs the `ioredis` package).
// A separate entry point, so `import "agent-host"` never loads ioredis.
export { redisStore } from "./stores/redis.ts";
export type { RedisStore, RedisStoreOptions } from "./stores/redis.ts";
