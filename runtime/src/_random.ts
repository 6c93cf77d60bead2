// Random URL-safe tokens drawn from a pooled buffer: one call into the CSPRNG per 4 KiB instead of one
// per token (each randomBytes call costs a few µs; the host makes a session key for every new session).
// Node's own randomUUID() pools the same way.
import { randomBytes, randomFillSync } from "node:crypto";

const pool = Buffer.alloc(4096);
let offset = pool.length;

/** `bytes` cryptographically random bytes as base64url, like `randomBytes(bytes).toString("base64url")`. */
export function randomToken(bytes: number): string {
  if (bytes > pool.length) return randomBytes(bytes).toString("base64url");
  if (offset + bytes > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const token = pool.toString("base64url", offset, offset + bytes);
  offset += bytes;
  return token;
}
