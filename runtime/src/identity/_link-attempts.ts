// Link attempts are counted BEFORE a code is checked: a slot is reserved on a store counter by
// compare-and-set (serialized per key in this process, retried a bounded number of times across processes).
import { KeyLock } from "../_key-lock.ts";
import { VersionConflictError, type HostStateStore } from "../stores/types.ts";

/** Per identity (`channel:nativeId`): attempts in the current lockout window. */
export const LINK_ATTEMPT_NAMESPACE = "link-attempts";
/** Host-wide: every guess from anyone, ever (a guess names no code, so it is a guess at every live code). */
export const LINK_GUESS_NAMESPACE = "link-guesses";
export const GUESS_COUNTER_KEY = "all";

/** Compare-and-set rounds lost to other host processes before a reservation gives up. */
const CAS_ROUNDS = 20;

/** What a reservation got: the counter's new value (this attempt's number), or why there was none. */
export type Refusal = "limit" | "busy";
export type Reservation = { count: number } | { refused: Refusal };

export interface CounterOptions {
  /** Reserve only while the counter is below this. */
  limit?: number;
  /** Expiry of the counter, renewed by every reservation (the lockout window). */
  ttlMs?: number;
}

/** Reserves one slot on counters in `store`; a reservation that cannot be written is refused, never assumed. */
export function attemptCounters(store: HostStateStore) {
  const locks = new KeyLock(); // same-process guesses queue here instead of racing the CAS
  return {
    async reserve(namespace: string, key: string, options: CounterOptions = {}): Promise<Reservation> {
      return locks.run(`${namespace}\n${key}`, async () => {
        for (let round = 0; round < CAS_ROUNDS; round++) {
          const current = await store.get<number>(namespace, key);
          const count = current?.value ?? 0;
          if (options.limit !== undefined && count >= options.limit) return { refused: "limit" };
          try {
            const ttl = options.ttlMs === undefined ? {} : { ttlMs: options.ttlMs };
            await store.set<number>(namespace, key, count + 1, { ifVersion: current?.version ?? 0, ...ttl });
            return { count: count + 1 };
          } catch (error) {
            if (!(error instanceof VersionConflictError)) throw error;
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 4)); // another process won: jitter, read again
          }
        }
        return { refused: "busy" };
      });
    },

    /** The counter's current value (0 when absent). */
    async read(namespace: string, key: string): Promise<number> {
      return (await store.get<number>(namespace, key))?.value ?? 0;
    },
  };
}
