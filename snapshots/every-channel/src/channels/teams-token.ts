// Cheap checks of an inbound token before the Teams SDK validates it: what the SDK does not insist on
// (exp, kid, the Bot Framework issuer, serviceurl = the activity's) and a key id the Bot Framework publishes.
import { decodeJwt, JWT_CHECK_INTERVAL_MS, publishedKeyIds, refusalReport, type Logger } from "agent-host";

export interface TokenCheckOptions {
  name: string;
  log: Logger;
  /** The issuer Bot Framework tokens carry (the App's `cloud.tokenIssuer`). */
  issuer: string;
  /** The Bot Framework's OpenID metadata (`cloud.openIdMetadataUrl`); its keys are at `…/keys`, as the SDK reads them. */
  openIdMetadataUrl: string;
  /** How often an unknown key id may refresh the key set, and refused requests be reported (default 5 min). */
  intervalMs?: number;
}

export interface TokenCheck {
  /** Why the token cannot vouch for an activity posted to `serviceUrl`, or undefined: let the SDK validate it. */
  refuse(authorization: string, serviceUrl: string): Promise<string | undefined>;
  /** Counts a refused request; logs one warning per interval, not one per request (forgeries come in floods). */
  report(reason: string): void;
}

export function tokenCheck(options: TokenCheckOptions): TokenCheck {
  const intervalMs = options.intervalMs ?? JWT_CHECK_INTERVAL_MS;
  const keysUrl = options.openIdMetadataUrl.replace(/\/openidconfiguration$/, "/keys");
  const keys = publishedKeyIds(keysUrl, { intervalMs, onError: (error) => options.log.error(`${options.name}: could not fetch the Bot Framework's signing keys from ${keysUrl}`, { error: String(error) }) });
  const normalized = (url: string) => url.replace(/\/+$/, "").toLowerCase(); // as the SDK compares them

  return {
    async refuse(authorization, serviceUrl) {
      const token = decodeJwt(authorization.replace(/^Bearer /, ""));
      if (!token) return "not a JWT";
      const { header, payload } = token;
      if (typeof header.kid !== "string") return "no key id (kid)";
      if (typeof payload.exp !== "number") return "no expiry (exp)";
      if (payload.iss !== options.issuer) return "not issued by the Bot Framework";
      // The Bot Framework signs the serviceUrl it posts from: answers go there and nowhere else.
      if (typeof payload.serviceurl !== "string" || normalized(payload.serviceurl) !== normalized(serviceUrl)) return "its serviceurl claim is not the activity's serviceUrl";
      if (!(await keys.has(header.kid))) return "signed with a key the Bot Framework does not publish";
      return undefined;
    },
    report: refusalReport(options.log, options.name, intervalMs).report,
  };
}
