// Cheap checks of an inbound token before the Agents SDK validates it: what the SDK does not insist on
// (exp, kid) and a key id the issuer publishes, so a forged key id costs no key fetch of its own.
import { buildJwksUri, type AuthConfiguration } from "@microsoft/agents-hosting";
import type { Logger } from "agent-host";

/** How often an unknown key id may refresh a key set, and refused requests be reported. */
export const CHECK_INTERVAL_MS = 5 * 60_000;

export interface TokenCheckOptions {
  name: string;
  log: Logger;
  /** The adapter's settings: they decide where the SDK reads each issuer's keys (`buildJwksUri`). */
  auth: AuthConfiguration;
  intervalMs?: number;
}

export interface TokenCheck {
  /** Why the request's token is refused, or undefined: let the SDK validate it (also when there is none). */
  refuse(authorization: string | undefined): Promise<string | undefined>;
  /** Counts a refused request; logs one warning per interval, not one per request (forgeries come in floods). */
  report(reason: string): void;
}

export function tokenCheck(options: TokenCheckOptions): TokenCheck {
  const intervalMs = options.intervalMs ?? CHECK_INTERVAL_MS;
  // One key set per endpoint the SDK reads: the Bot Framework's, or your tenant's for every other issuer.
  const keySets = new Map<string, ReturnType<typeof publishedKeyIds>>();
  const keysAt = (url: string) => {
    const known = keySets.get(url) ?? publishedKeyIds(url, intervalMs, (error) => options.log.error(`${options.name}: could not fetch signing keys from ${url}`, { error: String(error) }));
    keySets.set(url, known);
    return known;
  };
  let refused = 0;
  let reportedAt = -Infinity;

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
    report(reason) {
      refused += 1;
      if (Date.now() - reportedAt < intervalMs) return;
      options.log.warn(`${options.name}: refused ${refused} request(s) without a valid token since the last report (one report per ${intervalMs / 60_000} min); latest: ${reason}`);
      refused = 0;
      reportedAt = Date.now();
    },
  };
}

/**
 * The key ids published at `url`. An unknown id refreshes them at most once per `intervalMs`, and
 * concurrent lookups share that one fetch: a flood of forged key ids costs one request, not one each.
 */
function publishedKeyIds(url: string, intervalMs: number, failed: (error: unknown) => void): { has(kid: string): Promise<boolean> } {
  let known = new Set<string>();
  let fetchedAt = -Infinity;
  let refreshing: Promise<void> | undefined;
  const refresh = async () => {
    fetchedAt = Date.now(); // a failed fetch counts too: an outage must not turn every request into a fetch
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const { keys } = (await response.json()) as { keys?: Array<{ kid?: unknown }> };
      known = new Set((keys ?? []).flatMap((key) => (typeof key.kid === "string" ? [key.kid] : [])));
    } catch (error) {
      failed(error); // keep the ids known so far
    }
  };
  return {
    async has(kid) {
      if (known.has(kid)) return true;
      if (!refreshing && Date.now() - fetchedAt >= intervalMs) refreshing = refresh().finally(() => (refreshing = undefined));
      await refreshing;
      return known.has(kid);
    },
  };
}

/** A compact JWT's header and payload, unverified (the SDK verifies the signature next), or undefined. */
function decodeJwt(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } | undefined {
  const [header, payload, signature] = token.split(".");
  if (!header || !payload || signature === undefined) return undefined;
  try {
    const part = (text: string) => JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as unknown;
    const [decodedHeader, decodedPayload] = [part(header), part(payload)];
    const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
    return isObject(decodedHeader) && isObject(decodedPayload) ? { header: decodedHeader, payload: decodedPayload } : undefined;
  } catch {
    return undefined;
  }
}
