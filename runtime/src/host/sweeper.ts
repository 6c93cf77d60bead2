// Periodic removal of expired records for long-running hosts whose store needs it (file, memory);
// stores with native TTL (Redis) have no sweep and get no timer.
import type { Logger } from "../channel/types.ts";
import type { HostStateStore } from "../stores/types.ts";

/** Long-running hosts remove expired records every 10 minutes (stores with native TTL need no sweep). */
export function startSweeper(store: HostStateStore, log: Logger): NodeJS.Timeout | undefined {
  const sweep = (store as { sweep?: () => Promise<number> }).sweep?.bind(store);
  if (!sweep) return undefined;
  const timer = setInterval(() => sweep().catch((error) => log.warn("store sweep failed", { error: String(error) })), 10 * 60_000);
  timer.unref();
  return timer;
}
