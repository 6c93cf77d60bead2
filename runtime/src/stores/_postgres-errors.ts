// Turns PostgreSQL connection failures and timeouts into StoreUnavailableError (503 in the host), whose
// detail says where the store tried to connect (host, port, database — never the password); others pass.
import { StoreUnavailableError } from "../host/errors.ts";

/** SQLSTATE classes and Node error codes that mean "could not use the server", not "bad statement". */
const CONNECTION_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"]);
// 08 connection, 28 authorization, 3D database, 57P shutdown, 57014 statement_timeout fired.
const CONNECTION_SQLSTATE = /^(08|28|3D|57P|57014$)/;
const CONNECTION_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|timeout expired|Query read timeout|connect ECONNREFUSED/i;

function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && (CONNECTION_CODES.has(code) || CONNECTION_SQLSTATE.test(code))) return true;
  if (error instanceof AggregateError) return error.errors.some(isConnectionError);
  return CONNECTION_MESSAGE.test(error.message);
}

/** The error to throw for `error`: a connection problem or timeout names `where`; `secret` is scrubbed from it. */
export function postgresError(error: unknown, where: string, secret: string | undefined): unknown {
  if (!isConnectionError(error)) return error;
  const reason = error instanceof Error ? error.message || (error as { code?: string }).code || error.name : String(error);
  const scrubbed = secret ? reason.split(secret).join("***") : reason;
  return new StoreUnavailableError(
    "postgres",
    `Cannot use PostgreSQL at ${where}: ${scrubbed}. Check the connection string (DATABASE_URL), that the server is running ` +
      `and answering, and that the user may connect.`,
    { cause: error },
  );
}
