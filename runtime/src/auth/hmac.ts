// Webhook signature middleware: an HMAC over the raw request bytes (X-Hub-Signature-256 and kin),
// compared in constant time, with an optional signed timestamp against replay; `signHmac` for tests.
import type { Context, MiddlewareHandler } from "hono";
import { createHmac, timingSafeEqual } from "node:crypto";

export type HmacAlgorithm = "sha256" | "sha1";

/** How the signed bytes are built; shared by the middleware and `signHmac` so both always agree. */
export interface HmacPayloadOptions {
  algorithm?: HmacAlgorithm;
  /** Prepended to the digest in the header, e.g. `"sha256="`. Default none. */
  prefix?: string;
  /** Digest encoding in the header. Default `"hex"`. */
  encoding?: "hex" | "base64";
  /**
   * Builds the signed string from the body (decoded as UTF-8) and the timestamp, e.g. Slack's
   * `(raw, ts) => \`v0:${ts}:${raw}\``. Default: the raw body bytes, or `<timestamp>.<raw body bytes>`
   * when a timestamp is in play, so the timestamp is covered by the signature.
   */
  signedPayload?: (raw: string, timestamp?: string) => string;
}

export interface HmacSignatureOptions extends HmacPayloadOptions {
  /** The shared secret. When undefined or empty every request is refused (fail closed). */
  secret: string | undefined;
  /** The header carrying the signature, e.g. `"x-hub-signature-256"`. */
  header: string;
  /** The header carrying the signing time in epoch seconds; enables the replay window. */
  timestampHeader?: string;
  /** How far the timestamp may be from now, in seconds. Default 300. */
  toleranceSeconds?: number;
  /** Renders the rejection; default 401 `{ error: { message, code: "invalid_signature" } }`. */
  onInvalid?: (c: Context, message: string) => Response | Promise<Response>;
}

/** The header value (`prefix + digest`) for `body` signed with `secret`; what a platform would send. */
export function signHmac(options: HmacPayloadOptions & { secret: string; body: string | Uint8Array; timestamp?: string }): string {
  const body = typeof options.body === "string" ? Buffer.from(options.body) : options.body;
  return (options.prefix ?? "") + digest(options.secret, body, options.timestamp, options).toString(options.encoding ?? "hex");
}

/** Verifies the signature before the route runs; the route can still read the body (`c.req.json()`, `c.req.raw`). */
export function hmacSignature(options: HmacSignatureOptions): MiddlewareHandler {
  const header = options.header.toLowerCase();
  const prefix = options.prefix ?? "";
  const encoding = options.encoding ?? "hex";
  const tolerance = options.toleranceSeconds ?? 300;
  const reject =
    options.onInvalid ?? ((c: Context, message: string) => c.json({ error: { message, code: "invalid_signature" } }, 401));
  return async (c, next) => {
    if (!options.secret) {
      return reject(c, `Webhook signature secret is not configured on the server, so ${options.header} cannot be verified. Set the secret and restart.`);
    }
    const given = c.req.header(header);
    if (!given) return reject(c, `Missing ${options.header} header: this endpoint accepts only signed requests.`);
    let timestamp: string | undefined;
    if (options.timestampHeader) {
      timestamp = c.req.header(options.timestampHeader.toLowerCase());
      const problem = checkTimestamp(timestamp, options.timestampHeader, tolerance);
      if (problem) return reject(c, problem);
    }
    const received = decodeSignature(given, prefix, encoding);
    const body = new Uint8Array(await readRawBody(c));
    const expected = digest(options.secret, body, timestamp, options);
    if (!received || received.length !== expected.length || !timingSafeEqual(received, expected)) {
      return reject(c, `Invalid ${options.header} signature: check that the sender and this server share the same secret and that the body was not altered.`);
    }
    return next();
  };
}

function digest(secret: string, body: Uint8Array, timestamp: string | undefined, options: HmacPayloadOptions): Buffer {
  const hmac = createHmac(options.algorithm ?? "sha256", secret);
  if (options.signedPayload) hmac.update(options.signedPayload(Buffer.from(body).toString("utf8"), timestamp));
  else if (timestamp !== undefined) hmac.update(`${timestamp}.`).update(body);
  else hmac.update(body);
  return hmac.digest();
}

function decodeSignature(value: string, prefix: string, encoding: "hex" | "base64"): Buffer | undefined {
  if (!value.startsWith(prefix)) return undefined;
  const text = value.slice(prefix.length).trim();
  const valid = encoding === "hex" ? /^[0-9a-fA-F]+$/.test(text) && text.length % 2 === 0 : /^[A-Za-z0-9+/]+={0,2}$/.test(text);
  return valid ? Buffer.from(text, encoding) : undefined;
}

function checkTimestamp(value: string | undefined, name: string, toleranceSeconds: number): string | undefined {
  if (!value) return `Missing ${name} header: signed requests must say when they were signed.`;
  if (!/^\d+$/.test(value)) return `Invalid ${name} header "${value}": expected epoch seconds.`;
  const skew = Math.abs(Date.now() / 1000 - Number(value));
  if (skew > toleranceSeconds) {
    return `Stale ${name}: the request was signed ${Math.round(skew)} s away from the server's clock (allowed ${toleranceSeconds} s). Resend it, or check the clocks.`;
  }
  return undefined;
}

/**
 * Reads the body from a clone, so `c.req.raw` stays unread, and primes Hono's body cache with the same
 * bytes, so the route can call `c.req.json()` / `text()` and still hand `c.req.raw` to an SDK.
 */
async function readRawBody(c: Context): Promise<ArrayBuffer> {
  if (c.req.raw.bodyUsed || Object.keys(c.req.bodyCache).length > 0) return c.req.arrayBuffer();
  const bytes = await c.req.raw.clone().arrayBuffer();
  // Hono keeps promises in bodyCache at run time (its type says plain values) and derives text/json from them.
  (c.req.bodyCache as unknown as { arrayBuffer?: Promise<ArrayBuffer> }).arrayBuffer = Promise.resolve(bytes);
  return bytes;
}
