// Continuation records in the HostStateStore: create, read, and compare-and-set transitions, so a
// cancel and a completion racing each other never overwrite one another.
import { randomBytes } from "node:crypto";
import type { HostStateStore } from "../stores/types.ts";
import { updateRecord } from "../stores/update.ts";
import type { ContinuationStatus, ContinuationToken } from "./types.ts";

export const CONTINUATION_NAMESPACE = "continuations";
/** Finished continuations are kept this long for polling (SPEC: 24 h). */
export const CONTINUATION_TTL_MS = 24 * 60 * 60 * 1000;

export const FINAL_STATUSES: ReadonlySet<ContinuationStatus> = new Set(["completed", "failed", "cancelled"]);

export function newContinuationToken(prefix = "run"): string {
  return `${prefix}_${randomBytes(16).toString("base64url")}`;
}

export async function saveNewContinuation(store: HostStateStore, record: ContinuationToken): Promise<void> {
  await store.set(CONTINUATION_NAMESPACE, record.token, record, { ifVersion: 0 });
}

export async function readContinuation(store: HostStateStore, token: string): Promise<ContinuationToken | undefined> {
  return (await store.get<ContinuationToken>(CONTINUATION_NAMESPACE, token))?.value;
}

/**
 * Applies `change` unless the record is missing or already final. Returns the record after the
 * call and whether this call changed it.
 */
export async function transitionContinuation(
  store: HostStateStore,
  token: string,
  change: (current: ContinuationToken) => Partial<ContinuationToken> | undefined,
): Promise<{ record: ContinuationToken | undefined; changed: boolean }> {
  let changed = false;
  const stored = await updateRecord<ContinuationToken>(
    store,
    CONTINUATION_NAMESPACE,
    token,
    (current) => {
      changed = false;
      if (!current || FINAL_STATUSES.has(current.status)) return undefined;
      const patch = change(current);
      if (!patch) return undefined;
      changed = true;
      const now = new Date().toISOString();
      const next: ContinuationToken = { ...current, ...patch, updatedAt: now };
      if (FINAL_STATUSES.has(next.status)) next.completedAt = now;
      return next;
    },
    { ttlMs: CONTINUATION_TTL_MS },
  );
  return { record: stored?.value, changed };
}
