// Delivery errors as they may be stored and shown to operators: a short code and a message with
// secrets (bearer tokens, bot tokens in URLs, query strings, long opaque strings) cut out.

const MAX_MESSAGE = 300;

export interface RedactedError {
  code: string;
  message: string;
}

/** A thrown value or a channel's error object, redacted to `{ code, message }`. */
export function redactError(error: unknown, fallbackCode = "push_failed"): RedactedError {
  const source = typeof error === "object" && error !== null ? (error as { code?: unknown; message?: unknown }) : {};
  const rawCode = typeof source.code === "string" || typeof source.code === "number" ? String(source.code) : "";
  const code = /^[\w.-]{1,64}$/.test(rawCode) ? rawCode : fallbackCode;
  const rawMessage = typeof source.message === "string" ? source.message : typeof error === "string" ? error : "The push failed.";
  return { code, message: redactText(rawMessage) };
}

/** Removes what looks like a credential from free text, and bounds its length. */
export function redactText(text: string): string {
  const cleaned = text
    .replace(/\b(bearer|basic|bot)\s+[^\s"',;]+/gi, "$1 [redacted]")
    .replace(/\b([\w-]*(?:token|secret|password|api[_-]?key|signature|sig)[\w-]*)(["']?\s*[=:]\s*["']?)[^\s"',;&]+/gi, "$1$2[redacted]")
    .replace(/(https?:\/\/[^\s/?#"']+)([^\s?#"']*)(\?[^\s#"']*)?/gi, (_match, origin: string, path: string, query?: string) =>
      `${origin}${path.replace(/\/bot[^/\s]+/gi, "/bot[redacted]")}${query ? "?[redacted]" : ""}`,
    )
    .replace(/[A-Za-z0-9+/_=-]{32,}/g, "[redacted]");
  return cleaned.length > MAX_MESSAGE ? `${cleaned.slice(0, MAX_MESSAGE - 1)}…` : cleaned;
}
