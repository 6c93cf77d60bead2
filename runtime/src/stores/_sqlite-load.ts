// Loads Node's built-in `node:sqlite` on demand, so `agent-host` itself never needs it and an older
// Node gets a clear "upgrade" error instead of a missing-module crash.
import type * as Sqlite from "node:sqlite";

export type SqliteModule = typeof Sqlite;

/** The `node:sqlite` module; throws a clear error on a Node.js without it (before 22.13, unflagged). */
export function loadSqlite(): SqliteModule {
  let sqlite: SqliteModule | undefined;
  try {
    sqlite = process.getBuiltinModule?.("node:sqlite") as SqliteModule | undefined;
  } catch {
    sqlite = undefined;
  }
  if (!sqlite?.DatabaseSync) {
    throw new Error(
      `sqliteStore needs node:sqlite, which Node.js has built in (without a flag) from version 22.13; this is Node ${process.versions.node}. ` +
        `Upgrade Node.js to 22.13 or later (on 22.5-22.12 you can start node with --experimental-sqlite), or use fileStore.`,
    );
  }
  return sqlite;
}
