// Optional bearer-token middleware for HTTP agent protocols (`AGENT_HOST_API_KEY`). Compares in
// constant time; the channel decides the error body so each protocol keeps its own error shape.
import type { Context, MiddlewareHandler } from "hono";
import { timingSafeEqual } from "node:crypto";

export interface BearerAuthOptions {
  /** The expected key. When undefined or empty the middleware lets every request through. */
  token: string | undefined;
  /** Renders the 401 response; default `{ error: { message, type, code } }`. */
  onUnauthorized?: (c: Context, message: string) => Response | Promise<Response>;
}

export function bearerAuth(options: BearerAuthOptions): MiddlewareHandler {
  const expected = options.token ? Buffer.from(options.token) : undefined;
  const reject =
    options.onUnauthorized ??
    ((c: Context, message: string) => c.json({ error: { message, type: "invalid_request_error", code: "invalid_api_key", param: null } }, 401));
  if (!expected) return (_c, next) => next();
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (!match) return reject(c, "Missing API key. Send it as `Authorization: Bearer <key>`.");
    const given = Buffer.from(match[1] as string);
    const equal = given.length === expected.length && timingSafeEqual(given, expected);
    if (!equal) return reject(c, "Invalid API key. Check AGENT_HOST_API_KEY on the server and the key your client sends.");
    return next();
  };
}
