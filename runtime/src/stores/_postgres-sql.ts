// The SQL the PostgreSQL store runs: one table of (namespace, key) records, keys in byte order
// (COLLATE "C"), a version column for compare-and-set and an expiry column; each write is one statement.

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Throws a clear error unless `name` is a plain lower-case SQL identifier (no quoting surprises). */
export function checkIdentifier(kind: "schema" | "table", name: string): void {
  if (!IDENTIFIER.test(name)) {
    throw new TypeError(`Invalid PostgreSQL ${kind} name "${name}": use a-z, 0-9 and _ (at most 63), starting with a letter or _.`);
  }
}

/** `LIKE` pattern matching keys that start with `prefix` literally (`\`, `%` and `_` escaped with `\`). */
export function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** Statements for `"schema"."table"`; parameters are listed in each comment. `now` is the host's clock in epoch ms. */
export function postgresStatements(schema: string, table: string) {
  const t = `"${schema}"."${table}"`;
  const live = (now: string) => `(expires_at IS NULL OR expires_at > ${now})`;
  const columns = `value::text AS value, version, expires_at`;
  const upsert = `INSERT INTO ${t} AS t (namespace, key, value, version, expires_at) VALUES ($1, $2, $3::json, 1, $4)
    ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at,`;
  return {
    /** $1 the advisory lock key. Run in one transaction, so concurrent first uses do not collide. */
    schema: [
      `SELECT pg_advisory_xact_lock(hashtext($1))`,
      `CREATE SCHEMA IF NOT EXISTS "${schema}"`,
      `CREATE TABLE IF NOT EXISTS ${t} (namespace text NOT NULL, key text COLLATE "C" NOT NULL, value json NOT NULL,
        version integer NOT NULL, expires_at bigint, PRIMARY KEY (namespace, key))`,
      `CREATE INDEX IF NOT EXISTS "${table}_expires" ON ${t} (expires_at) WHERE expires_at IS NOT NULL`,
    ],
    /** $1 ns, $2 key, $3 now */
    get: `SELECT ${columns} FROM ${t} WHERE namespace = $1 AND key = $2 AND ${live("$3")}`,
    /** $1 ns, $2 key, $3 value, $4 expires, $5 now: writes whatever is there (an expired record restarts at version 1). */
    put: `${upsert} version = CASE WHEN t.expires_at IS NOT NULL AND t.expires_at <= $5 THEN 1 ELSE t.version + 1 END RETURNING version`,
    /** as put: ifVersion 0 creates, or replaces only an expired record; no row back = conflict. */
    create: `${upsert} version = 1 WHERE t.expires_at IS NOT NULL AND t.expires_at <= $5 RETURNING version`,
    /** $1 ns, $2 key, $3 value, $4 expires, $5 now, $6 ifVersion; no row back = conflict. */
    replace: `UPDATE ${t} SET value = $3::json, expires_at = $4, version = version + 1
      WHERE namespace = $1 AND key = $2 AND version = $6 AND ${live("$5")} RETURNING version`,
    /** $1 ns, $2 key */
    remove: `DELETE FROM ${t} WHERE namespace = $1 AND key = $2 RETURNING ${columns}`,
    /** $1 ns, $2 key, $3 now, $4 ifVersion */
    removeVersion: `DELETE FROM ${t} WHERE namespace = $1 AND key = $2 AND version = $4 AND ${live("$3")} RETURNING version`,
    /** $1 ns, $2 LIKE pattern, $3 now, $4 limit (null = all) */
    list: `SELECT key, ${columns} FROM ${t} WHERE namespace = $1 AND key LIKE $2 ESCAPE '\\' AND ${live("$3")}
      ORDER BY key LIMIT $4`,
    /** $1 now */
    sweep: `DELETE FROM ${t} WHERE expires_at IS NOT NULL AND expires_at <= $1`,
  };
}
