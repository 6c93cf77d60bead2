// For channels that check a platform's JWT before its SDK validates it: an unverified decode, the key
// ids an issuer publishes (fetched at most once per interval), and refusals reported once per interval.
import type { Logger } from "../channel/types.ts";

/** How often an unknown key id may refresh a key set, and refused requests be reported (5 min). */
export const JWT_CHECK_INTERVAL_MS = 5 * 60_000;

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

/** A compact JWT's header and payload, NOT verified (the SDK verifies the signature next), or undefined. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const [header, payload, signature] = token.split(".");
  if (!header || !payload || signature === undefined) return undefined;
  try {
    const part = (text: string) => JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as unknown;
    const [decodedHeader, decodedPayload] = [part(header), part(payload)];
    return isObject(decodedHeader) && isObject(decodedPayload) ? { header: decodedHeader, payload: decodedPayload } : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export interface PublishedKeyIds {
  /** Whether `kid` is in the key set, refreshing it first when the id is unknown and the interval has passed. */
  has(kid: string): Promise<boolean>;
}

export interface PublishedKeyIdsOptions {
  intervalMs?: number;
  /** A failed fetch (the ids known so far are kept). */
  onError?: (error: unknown) => void;
}

/**
 * The key ids published at `url` (a JWKS document). An unknown id refreshes them at most once per
 * interval, and concurrent lookups share that one fetch: a flood of forged key ids costs one request.
 */
export function publishedKeyIds(url: string, options: PublishedKeyIdsOptions = {}): PublishedKeyIds {
  const intervalMs = options.intervalMs ?? JWT_CHECK_INTERVAL_MS;
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
      options.onError?.(error);
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

export interface RefusalReport {
  /** Counts a refused request; logs one warning per interval with the count and the latest reason. */
  report(reason: string): void;
}

/** Forged requests come in floods: one `warn` line per interval for all of them, never one per request. */
export function refusalReport(log: Logger, name: string, intervalMs: number = JWT_CHECK_INTERVAL_MS): RefusalReport {
  let refused = 0;
  let reportedAt = -Infinity;
  return {
    report(reason) {
      refused += 1;
      if (Date.now() - reportedAt < intervalMs) return;
      log.warn(`${name}: refused ${refused} request(s) without a valid token since the last report (one report per ${intervalMs / 60_000} min); latest: ${reason}`);
      refused = 0;
      reportedAt = Date.now();
    },
  };
}
