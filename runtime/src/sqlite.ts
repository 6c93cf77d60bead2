// agent-host/sqlite: the SQLite HostStateStore on Node's built-in node:sqlite (Node 22.13+).
// A separate entry point, so `import "agent-host"` never touches node:sqlite.
export { sqliteStore } from "./stores/sqlite.ts";
export type { SqliteStore, SqliteStoreOptions } from "./stores/sqlite.ts";
