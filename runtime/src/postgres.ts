// agent-host/postgres: the PostgreSQL HostStateStore (needs the `pg` package).
// A separate entry point, so `import "agent-host"` never loads pg.
export { postgresStore } from "./stores/postgres.ts";
export type { PostgresStore, PostgresStoreOptions } from "./stores/postgres.ts";
