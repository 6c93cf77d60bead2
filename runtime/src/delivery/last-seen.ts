// Active-channel tracking: where each isolation key was last seen on each channel, with the identity
// (and its address attributes) to push to there, and the query that picks the active channel.
import type { ChannelIdentity, ChannelRequest } from "../channel/request.ts";
import type { HostStateStore } from "../stores/types.ts";

export const LAST_SEEN_NAMESPACE = "last-seen";
/** SPEC §7: last-seen records live 30 days. */
export const LAST_SEEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** SPEC §5: `active` looks this far back before it falls back to the originating channel. */
export const ACTIVE_WINDOW_MS = 24 * 60 * 60 * 1000;
/** A request that changes nothing this soon after the last write on the same channel skips the store. */
const REFRESH_MS = 60_000;
const CACHE_LIMIT = 10_000;

/** Stored under `<isolationKey>:<channel>`. */
export interface LastSeenRecord {
  channel: string;
  identity: ChannelIdentity;
  conversationId?: string;
  at: string;
}

export const lastSeenKey = (isolationKey: string, channel: string): string => `${isolationKey}:${channel}`;

/** Per store, per isolation key: the last write this process made, so identical writes need no read. */
const recent = new WeakMap<HostStateStore, Map<string, { channel: string; fingerprint: string; at: number }>>();

/**
 * Records that `isolationKey` was just seen on `request.channel` (one store write). Skipped when this
 * process wrote the same record for the same key less than a minute ago and no other channel since,
 * so the active channel never goes stale. Never skipped on a `shared` store, where other hosts write
 * too. Resolves whether it wrote.
 */
export async function recordLastSeen(
  store: HostStateStore,
  isolationKey: string,
  request: Pick<ChannelRequest, "channel" | "identity" | "conversationId">,
  now = Date.now(),
): Promise<boolean> {
  const { identity, channel, conversationId } = request;
  if (!identity) return false;
  let cache = recent.get(store);
  if (!cache) recent.set(store, (cache = new Map()));
  const fingerprint = JSON.stringify([identity, conversationId ?? null]);
  const last = cache.get(isolationKey);
  // Another process may have recorded another channel since: a shared store gets every write.
  if (!store.shared && last && last.channel === channel && last.fingerprint === fingerprint && now - last.at < REFRESH_MS) return false;
  const record: LastSeenRecord = { channel, identity, ...(conversationId ? { conversationId } : {}), at: new Date(now).toISOString() };
  await store.set(LAST_SEEN_NAMESPACE, lastSeenKey(isolationKey, channel), record, { ttlMs: LAST_SEEN_TTL_MS });
  cache.delete(isolationKey); // re-insert: the Map's order is then least recently written first
  cache.set(isolationKey, { channel, fingerprint, at: now });
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return true;
}

/** Every channel this isolation key was seen on (within the TTL), one record per channel. */
export async function lastSeenRecords(store: HostStateStore, isolationKey: string): Promise<LastSeenRecord[]> {
  const records = await store.list<LastSeenRecord>(LAST_SEEN_NAMESPACE, { prefix: `${isolationKey}:` });
  // The prefix alone would also match a longer isolation key that starts with "<isolationKey>:".
  return records.filter((r) => r.key === lastSeenKey(isolationKey, r.value.channel)).map((r) => r.value);
}

/** The most recent record within `windowMs` (optionally only those `accept` allows), or undefined. */
export async function activeChannel(
  store: HostStateStore,
  isolationKey: string,
  windowMs = ACTIVE_WINDOW_MS,
  accept: (record: LastSeenRecord) => boolean = () => true,
): Promise<LastSeenRecord | undefined> {
  const since = Date.now() - windowMs;
  let best: LastSeenRecord | undefined;
  for (const record of await lastSeenRecords(store, isolationKey)) {
    const at = Date.parse(record.at);
    if (at < since || !accept(record)) continue;
    if (!best || at > Date.parse(best.at)) best = record;
  }
  return best;
}

/** Deletes the records of this identity under `isolationKey` (unlink): no later push reaches it there. */
export async function evictLastSeen(store: HostStateStore, isolationKey: string, identity: Pick<ChannelIdentity, "channel" | "nativeId">): Promise<number> {
  recent.get(store)?.delete(isolationKey);
  let evicted = 0;
  for (const record of await lastSeenRecords(store, isolationKey)) {
    if (record.identity.channel !== identity.channel || record.identity.nativeId !== identity.nativeId) continue;
    if (await store.delete(LAST_SEEN_NAMESPACE, lastSeenKey(isolationKey, record.channel))) evicted++;
  }
  return evicted;
}
