// agent-host/postgres: the PostgreSQL HostStateStore (needs the `pg` package).
// A separate entry point, so `import "agent-host"` never loads pg.
export * from "./stores/postgres.ts";
