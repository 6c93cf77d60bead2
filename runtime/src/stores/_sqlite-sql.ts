// The SQL the SQLite store runs: one table of (namespace, key) records with a version column for
// compare-and-set and an expiry column; every write is a single atomic statement.

/** `GLOB` pattern matching keys that start with `prefix` literally (`*`, `?` and `[` are escaped). */
export function globPrefix(prefix: string): string {
  return `${prefix.replace(/[*?[]/g, (char) => `[${char}]`)}*`;
}

/** Statements for one table (`table` is a validated identifier). `$now` is the caller's clock in epoch ms. */
export function sqliteStatements(table: string) {
  const t = `"${table}"`;
  const live = `(expires_at IS NULL OR expires_at > $now)`;
  const upsert = `INSERT INTO ${t} (namespace, key, value, version, expires_at) VALUES ($ns, $key, $value, 1, $expires)
    ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at,`;
  return {
    schema: [
      `CREATE TABLE IF NOT EXISTS ${t} (namespace TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
        version INTEGER NOT NULL, expires_at INTEGER, PRIMARY KEY (namespace, key)) WITHOUT ROWID`,
      `CREATE INDEX IF NOT EXISTS "${table}_expires" ON ${t} (expires_at) WHERE expires_at IS NOT NULL`,
    ],
    get: `SELECT value, version, expires_at FROM ${t} WHERE namespace = $ns AND key = $key AND ${live}`,
    /** Writes whatever is there: an expired record counts as absent, so the version starts again at 1. */
    put: `${upsert} version = CASE WHEN ${t}.expires_at IS NOT NULL AND ${t}.expires_at <= $now THEN 1 ELSE ${t}.version + 1 END
      RETURNING version`,
    /** ifVersion 0: creates, or replaces only an expired record; no row back = conflict. */
    create: `${upsert} version = 1 WHERE ${t}.expires_at IS NOT NULL AND ${t}.expires_at <= $now RETURNING version`,
    /** ifVersion n > 0; no row back = conflict. */
    replace: `UPDATE ${t} SET value = $value, expires_at = $expires, version = version + 1
      WHERE namespace = $ns AND key = $key AND version = $version AND ${live} RETURNING version`,
    remove: `DELETE FROM ${t} WHERE namespace = $ns AND key = $key RETURNING value, version, expires_at`,
    removeVersion: `DELETE FROM ${t} WHERE namespace = $ns AND key = $key AND version = $version AND ${live} RETURNING version`,
    list: `SELECT key, value, version, expires_at FROM ${t} WHERE namespace = $ns AND key GLOB $glob AND ${live}
      ORDER BY key LIMIT $limit`,
    sweep: `DELETE FROM ${t} WHERE expires_at IS NOT NULL AND expires_at <= $now`,
  };
}
