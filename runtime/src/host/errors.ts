// Typed host errors with the HTTP status each maps to (SPEC error contract). Channels catch
// HostError and render it in their protocol's own error shape.

import type { LinkChallenge } from "../identity/types.ts";
import { InvalidStoreKeyError } from "../stores/types.ts";

export class HostError extends Error {
  readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 500 | 503;
  readonly code: string;
  constructor(status: HostError["status"], code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "HostError";
    this.status = status;
    this.code = code;
  }
}

/** 400: the protocol payload is malformed. */
export class ValidationError extends HostError {
  constructor(message: string, code = "invalid_request") {
    super(400, code, message);
    this.name = "ValidationError";
  }
}

/** 401: missing or wrong credentials or signature. */
export class UnauthorizedError extends HostError {
  constructor(message = "Missing or invalid credentials. Send the API key as `Authorization: Bearer <key>`.") {
    super(401, "unauthorized", message);
    this.name = "UnauthorizedError";
  }
}

/** 403: the caller is known but refused (identity resolver said no, allowlist). */
export class ForbiddenError extends HostError {
  constructor(message: string, code = "forbidden") {
    super(403, code, message);
    this.name = "ForbiddenError";
  }
}

/** 403: the channel requires a linked identity; `challenge` tells the user how to link. */
export class LinkRequiredError extends HostError {
  readonly challenge: LinkChallenge;
  constructor(challenge: LinkChallenge) {
    super(403, "link_required", `Link this account before talking to the agent. ${challenge.instructions}`);
    this.name = "LinkRequiredError";
    this.challenge = challenge;
  }
}

/** 404: unknown id or route. */
export class NotFoundError extends HostError {
  constructor(message: string, code = "not_found") {
    super(404, code, message);
    this.name = "NotFoundError";
  }
}

/** 409: `sessionMode: "required"` and no session could be resolved. */
export class SessionRequiredError extends HostError {
  constructor(message: string) {
    super(409, "session_required", message);
    this.name = "SessionRequiredError";
  }
}

/** 422: the run hook (or the workflow's input parser) rejected the request. */
export class RunHookRejectedError extends HostError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(422, "request_rejected", message, options);
    this.name = "RunHookRejectedError";
  }
}

/**
 * 503: the state store (PostgreSQL, Redis…) refused, dropped or did not answer in time. Clients see only
 * `message` (no address, no driver text); `detail` (address, scrubbed reason) is for logs and `String(error)`.
 * The host answers with `Retry-After: retryAfterSeconds`.
 */
export class StoreUnavailableError extends HostError {
  readonly store: string;
  readonly detail: string;
  readonly retryAfterSeconds: number;
  constructor(store: string, detail: string, options?: { cause?: unknown; retryAfterSeconds?: number }) {
    super(503, "store_unavailable", `The host's ${store} state store is not answering. Try again in a few seconds.`, options);
    this.name = "StoreUnavailableError";
    this.store = store;
    this.detail = detail;
    this.retryAfterSeconds = options?.retryAfterSeconds ?? 5;
  }
  override toString(): string {
    return `${this.name}: ${this.detail}`;
  }
}

/**
 * Maps anything thrown to a HostError; unknown errors become a redacted 500. A key no store can keep is
 * a caller's id that no channel checked (too long, NUL): 400, never a 500 with the key in the log.
 */
export function toHostError(error: unknown): HostError {
  if (error instanceof HostError) return error;
  if (error instanceof InvalidStoreKeyError) {
    const message = "An id in this request cannot be stored: it is empty, too long or holds NUL or broken Unicode. Send a short, plain id.";
    return new HostError(400, "invalid_id", message, { cause: error });
  }
  return new HostError(500, "internal_error", "The host failed to handle this request. See the server log.", { cause: error });
}
