// The default logger: one line per event on stderr, info silenced unless AGENT_HOST_LOG=info; and the
// bound every host logger gets, so no caller-sent value (a 900 KB id in an error) fills the log.
import type { Logger } from "../channel/types.ts";

export function consoleLogger(level: "info" | "warn" | "error" = (process.env.AGENT_HOST_LOG as "info") ?? "warn"): Logger {
  const rank = { info: 0, warn: 1, error: 2 } as const;
  const write = (at: keyof typeof rank) => (message: string, fields?: Record<string, unknown>) => {
    if (rank[at] < (rank[level] ?? 1)) return;
    process.stderr.write(`[agent-host] ${at}: ${message}${fields ? ` ${JSON.stringify(fields)}` : ""}\n`);
  };
  return { info: write("info"), warn: write("warn"), error: write("error") };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** Longest string a log line carries per message or field; longer ones keep their start and their length. */
const MAX_LOGGED_CHARS = 1000;

/** `logger`, with every string in the message and fields (nested plain objects and arrays too) cut to a bound. */
export function boundedLogger(logger: Logger): Logger {
  const bounded = (write: Logger["info"]): Logger["info"] => (message, fields) =>
    write(boundString(message), fields === undefined ? undefined : (boundValue(fields, 0) as Record<string, unknown>));
  return { info: bounded(logger.info.bind(logger)), warn: bounded(logger.warn.bind(logger)), error: bounded(logger.error.bind(logger)) };
}

function boundString(text: string): string {
  return text.length > MAX_LOGGED_CHARS ? `${text.slice(0, MAX_LOGGED_CHARS)}… (${text.length} characters)` : text;
}

function boundValue(value: unknown, depth: number): unknown {
  if (typeof value === "string") return boundString(value);
  if (depth > 4 || typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => boundValue(item, depth + 1));
  // Errors, dates and class instances are the logger's to render; only plain records are walked.
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, boundValue(item, depth + 1)]));
}
