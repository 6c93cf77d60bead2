// Unlink with eviction: splitting an identity off its person also forgets where that identity was
// seen under the person's isolation key, so `active`, `channel` and `allLinked` pushes never reach it.
import type { ChannelIdentity } from "../channel/request.ts";
import { getIdentityRecord, unlinkIdentity } from "../identity/registry.ts";
import type { HostStateStore } from "../stores/types.ts";
import { evictLastSeen } from "./last-seen.ts";

type Native = Pick<ChannelIdentity, "channel" | "nativeId" | "displayName">;

/** `unlinkIdentity` plus last-seen eviction under the key it leaves; resolves the identity's new key. */
export async function unlinkAndEvict(store: HostStateStore, identity: Native): Promise<string> {
  const previous = (await getIdentityRecord(store, identity))?.isolationKey;
  const fresh = await unlinkIdentity(store, identity);
  if (previous) await evictLastSeen(store, previous, identity);
  return fresh;
}
