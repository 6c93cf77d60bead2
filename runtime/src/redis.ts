// agent-host/redis: the Redis HostStateStore (needs the `ioredis` package).
// A separate entry point, so `import "agent-host"` never loads ioredis.
export * from "./stores/redis.ts";
