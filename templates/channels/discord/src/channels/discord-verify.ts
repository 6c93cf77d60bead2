// Proves a request comes from Discord: the Ed25519 signature over timestamp + raw body (verifyKey from
// discord-interactions) and a recent timestamp, so a captured request cannot be replayed later.
import { verifyKey } from "discord-interactions";

/** Discord signs with the current time; older requests are refused as replays. */
export const MAX_TIMESTAMP_AGE_SECONDS = 300;

/** Resolves why the request is refused (→ 401), or undefined when it is Discord's and fresh. */
export async function refuseUnsigned(
  rawBody: Uint8Array,
  signature: string | undefined,
  timestamp: string | undefined,
  publicKey: string,
  maxAgeSeconds = MAX_TIMESTAMP_AGE_SECONDS,
): Promise<string | undefined> {
  if (!signature || !timestamp) return "Missing X-Signature-Ed25519 or X-Signature-Timestamp: only Discord may call this endpoint.";
  const age = Date.now() / 1000 - Number(timestamp);
  if (!/^\d{1,12}$/u.test(timestamp) || Math.abs(age) > maxAgeSeconds) {
    return `X-Signature-Timestamp is more than ${maxAgeSeconds} seconds away from this server's clock: refused as a possible replay (check the server's clock).`;
  }
  if (!/^[0-9a-f]{128}$/iu.test(signature) || !(await verifyKey(rawBody, signature, timestamp, publicKey))) {
    return "Invalid request signature: the body is not signed by this application's key (check DISCORD_PUBLIC_KEY).";
  }
  return undefined;
}
