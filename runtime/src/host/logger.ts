// The default logger: one line per event on stderr, info silenced unless AGENT_HOST_LOG=info.
// Pass your own Logger (pino, console) to createAgentHost to route logs elsewhere.
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
