// Turns PostgreSQL connection failures into errors that say where the store tried to connect (host,
// port, database — never the password) and what to check; other database errors pass through.

/** SQLSTATE classes and Node error codes that mean "could not use the server", not "bad statement". */
const CONNECTION_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"]);
const CONNECTION_SQLSTATE = /^(08|28|3D|57P)/;

function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && (CONNECTION_CODES.has(code) || CONNECTION_SQLSTATE.test(code))) return true;
  if (error instanceof AggregateError) return error.errors.some(isConnectionError);
  return /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED/i.test(error.message);
}

/** The error to throw for `error`: a connection problem names `where`; `secret` is scrubbed from every message. */
export function postgresError(error: unknown, where: string, secret: string | undefined): unknown {
  if (!isConnectionError(error)) return error;
  const reason = error instanceof Error ? error.message || (error as { code?: string }).code || error.name : String(error);
  const scrubbed = secret ? reason.split(secret).join("***") : reason;
  return new Error(
    `Cannot use PostgreSQL at ${where}: ${scrubbed}. Check the connection string (DATABASE_URL), that the server is running ` +
      `and that the user may connect.`,
    { cause: error },
  );
}
