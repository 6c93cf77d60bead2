// One contender of the store conformance suite's two-process check: the same increments, create races
// and consumes run in the test process and in a child process at once, against one shared store.
import type { HostStateStore } from "../stores/types.ts";
import { VersionConflictError } from "../stores/types.ts";
import { updateRecord } from "../stores/update.ts";

export const CONTENDER_NAMESPACE = "conformance-processes";
export const CONTENDER_INCREMENTS = 60;
export const CONTENDER_RACES = 20;

export interface ContenderResult {
  /** Keys `race-<n>` this contender created with ifVersion 0. */
  created: string[];
  /** Keys `ticket-<n>` this contender consumed. */
  consumed: string[];
}

/** Increments `counter` one at a time, then races for `race-*` keys and `ticket-*` records. */
export async function contend(store: HostStateStore, who: string): Promise<ContenderResult> {
  const result: ContenderResult = { created: [], consumed: [] };
  for (let n = 0; n < CONTENDER_INCREMENTS; n++) {
    await updateRecord<number>(store, CONTENDER_NAMESPACE, "counter", (current) => (current ?? 0) + 1, { retries: 1000 });
  }
  for (let n = 0; n < CONTENDER_RACES; n++) {
    try {
      await store.set(CONTENDER_NAMESPACE, `race-${n}`, who, { ifVersion: 0 });
      result.created.push(`race-${n}`);
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
    }
    if (await store.consume(CONTENDER_NAMESPACE, `ticket-${n}`)) result.consumed.push(`ticket-${n}`);
  }
  return result;
}
