// Cheap checks of an inbound token before the Agents SDK validates it: what the SDK does not insist on
// (exp, kid) and a key id the issuer publishes, so a forged key id costs no key fetch of its own.
import { buildJwksUri, type AuthConfiguration } from "@microsoft/agents-hosting";
import { decodeJwt, JWT_CHECK_INTERVAL_MS, publishedKeyIds, refusalReport, type Logger, type PublishedKeyIds } from "agent-host";

export interface TokenCheckOptions {
  name: string;
  log: Logger;
  /** The adapter's settings: they decide where the SDK reads each issuer's keys (`buildJwksUri`). */
  auth: AuthConfiguration;
  /** How often an unknown key id may refresh a key set, and refused requests be reported (default 5 min). */
  intervalMs?: number;
}

export interface TokenCheck {
  /** Why the request's token is refused, or undefined: let the SDK validate it (also when there is none). */
  refuse(authorization: string | undefined): Promise<string | undefined>;
  /** Counts a refused request; logs one warning per interval, not one per request (forgeries come in floods). */
  report(reason: string): void;
}

export function tokenCheck(options: TokenCheckOptions): TokenCheck {
  const intervalMs = options.intervalMs ?? JWT_CHECK_INTERVAL_MS;
  // One key set per endpoint the SDK reads: the Bot Framework's, or your tenant's for every other issuer.
  const keySets = new Map<string, PublishedKeyIds>();
  const keysAt = (url: string) => {
    const known = keySets.get(url) ?? publishedKeyIds(url, { intervalMs, onError: (error) => options.log.error(`${options.name}: could not fetch signing keys from ${url}`, { error: String(error) }) });
    keySets.set(url, known);
    return known;
  };

  return {
    async refuse(authorization) {
      const bearer = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? "")?.[1];
      if (!bearer) return undefined; // none, or not a bearer token: the SDK answers 401 itself
      const token = decodeJwt(bearer);
      if (!token) return "not a JWT";
      const { header, payload } = token;
      if (typeof header.kid !== "string") return "no key id (kid)";
      if (typeof payload.exp !== "number") return "no expiry (exp)";
      const keys = keysAt(buildJwksUri(typeof payload.iss === "string" ? payload.iss : "", options.auth));
      if (!(await keys.has(header.kid))) return "signed with a key its issuer does not publish";
      return undefined;
    },
    report: refusalReport(options.log, options.name, intervalMs).report,
  };
}
