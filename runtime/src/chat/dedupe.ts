// Once-only handling of platform retries: Telegram, WhatsApp and Bot Service redeliver an update they
// think failed; `claimOnce` lets exactly one delivery of an id through, across processes sharing a store.
import type { HostStateStore } from "../stores/types.ts";
import { VersionConflictError } from "../stores/types.ts";

const NAMESPACE = "chat-dedupe";
/** Platforms stop retrying within a day (Telegram: 24 h, WhatsApp: 7 days of backoff but ids are fresh). */
const DEFAULT_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Resolves true the first time `channel` claims `id` (an update id, a message id), false for every
 * later claim of the same id within `ttlMs` — also from another host process on the same store.
 */
export async function claimOnce(store: HostStateStore, channel: string, id: string, ttlMs = DEFAULT_TTL_MS): Promise<boolean> {
  try {
    await store.set(NAMESPACE, `${channel}:${id}`, { at: new Date().toISOString() }, { ifVersion: 0, ttlMs });
    return true;
  } catch (error) {
    if (error instanceof VersionConflictError) return false;
    throw error;
  }
}
