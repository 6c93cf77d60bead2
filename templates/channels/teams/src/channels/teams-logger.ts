// The Teams SDK's logger interface over the host's logger: warnings and errors reach your logs,
// the SDK's info and debug chatter stays out (set `logger` on the App yourself to see it).
import type { AppOptions, IPlugin } from "@microsoft/teams.apps";
import type { Logger } from "agent-host";

type ILogger = NonNullable<AppOptions<IPlugin>["logger"]>;
type LogLevel = Parameters<ILogger["log"]>[0];

/**
 * The SDK logs each refused token as errors (its `jwt-validator` logger, then "JWT validation failed").
 * Left out: the channel counts refused requests and warns once per interval, or forgeries flood the log.
 */
const isTokenRefusal = (scope: string, parts: unknown[]) => scope === "jwt-validator" || parts[0] === "JWT validation failed";

export function teamsLogger(log: Logger, name: string, scope = ""): ILogger {
  const line = (parts: unknown[]) => parts.map(text).join(" ");
  const logger: ILogger = {
    debug() {},
    info() {},
    trace() {},
    warn: (...parts: unknown[]) => (isTokenRefusal(scope, parts) ? undefined : log.warn(`${name}: ${line(parts)}`)),
    error: (...parts: unknown[]) => (isTokenRefusal(scope, parts) ? undefined : log.error(`${name}: ${line(parts)}`)),
    log: (level: LogLevel, ...parts: unknown[]) => (level === "error" || level === "warn" ? logger[level](...parts) : undefined),
    child: (child: string) => teamsLogger(log, name, child),
  };
  return logger;
}

function text(part: unknown): string {
  if (part instanceof Error) return part.message;
  if (typeof part === "string") return part;
  try {
    return JSON.stringify(part);
  } catch {
    return String(part); // circular (an HTTP error with its request)
  }
}
