// The identity registry in the HostStateStore: which isolation key each (channel, nativeId) maps to,
// the host identity (members + verified claims) behind each key, and the claim index for silent linking.
import type { ChannelIdentity } from "../channel/request.ts";
import type { HostStateStore } from "../stores/types.ts";
import { VersionConflictError } from "../stores/types.ts";
import { updateRecord } from "../stores/update.ts";
import { IDENTITY_NAMESPACE, identityKey, newIsolationKey, type IdentityRecord } from "./resolver.ts";
import type { HostIdentity } from "./types.ts";

export const HOST_IDENTITY_NAMESPACE = "host-identities";
export const CLAIM_NAMESPACE = "identity-claims";

type Native = Pick<ChannelIdentity, "channel" | "nativeId" | "displayName">;

export async function getHostIdentity(store: HostStateStore, isolationKey: string): Promise<HostIdentity | undefined> {
  return (await store.get<HostIdentity>(HOST_IDENTITY_NAMESPACE, isolationKey))?.value;
}

export async function getIdentityRecord(store: HostStateStore, identity: Native): Promise<IdentityRecord | undefined> {
  return (await store.get<IdentityRecord>(IDENTITY_NAMESPACE, identityKey(identity)))?.value;
}

/** Maps `identity` onto `isolationKey` and lists it as a member there (and no longer under its old key). */
export async function linkIdentity(store: HostStateStore, identity: Native, isolationKey: string): Promise<void> {
  const now = new Date().toISOString();
  let previousKey: string | undefined;
  await updateRecord<IdentityRecord>(store, IDENTITY_NAMESPACE, identityKey(identity), (current) => {
    previousKey = current?.isolationKey;
    return {
      isolationKey,
      channel: identity.channel,
      nativeId: identity.nativeId,
      ...(identity.displayName ?? current?.displayName ? { displayName: identity.displayName ?? current?.displayName } : {}),
      createdAt: current?.createdAt ?? now,
      linkedAt: now,
    };
  });
  if (previousKey && previousKey !== isolationKey) await removeMember(store, previousKey, identity);
  await updateRecord<HostIdentity>(store, HOST_IDENTITY_NAMESPACE, isolationKey, (current) => {
    const host = current ?? { isolationKey, members: [], claims: {}, createdAt: now };
    const others = host.members.filter((m) => m.channel !== identity.channel || m.nativeId !== identity.nativeId);
    const member = { channel: identity.channel, nativeId: identity.nativeId, linkedAt: now, ...(identity.displayName ? { displayName: identity.displayName } : {}) };
    return { ...host, members: [...others, member] };
  });
}

/**
 * Records verified IdP claims for an isolation key. A claim already owned by another key is left
 * with its owner; the owning key is returned for each such claim so the caller can link instead.
 */
export async function recordClaims(store: HostStateStore, isolationKey: string, claims: Record<string, string>): Promise<Record<string, string>> {
  const owners: Record<string, string> = {};
  for (const [name, value] of Object.entries(claims)) {
    try {
      await store.set(CLAIM_NAMESPACE, `${name}:${value}`, { isolationKey }, { ifVersion: 0 });
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      const owner = await findByClaim(store, name, value);
      if (owner && owner !== isolationKey) {
        owners[name] = owner;
        continue;
      }
    }
    await updateRecord<HostIdentity>(store, HOST_IDENTITY_NAMESPACE, isolationKey, (current) => {
      const host = current ?? { isolationKey, members: [], claims: {}, createdAt: new Date().toISOString() };
      return { ...host, claims: { ...host.claims, [name]: value } };
    });
  }
  return owners;
}

export async function findByClaim(store: HostStateStore, name: string, value: string): Promise<string | undefined> {
  return (await store.get<{ isolationKey: string }>(CLAIM_NAMESPACE, `${name}:${value}`))?.value.isolationKey;
}

/** Splits `identity` off its host identity onto a fresh isolation key; resolves the new key. */
export async function unlinkIdentity(store: HostStateStore, identity: Native): Promise<string> {
  const fresh = newIsolationKey();
  let previousKey: string | undefined;
  await updateRecord<IdentityRecord>(store, IDENTITY_NAMESPACE, identityKey(identity), (current) => {
    previousKey = current?.isolationKey;
    const { linkedAt: _linkedAt, ...rest } = current ?? { channel: identity.channel, nativeId: identity.nativeId, createdAt: new Date().toISOString() };
    return { ...rest, isolationKey: fresh };
  });
  if (previousKey) await removeMember(store, previousKey, identity);
  return fresh;
}

/** Linked = joined by a ceremony, or its host identity carries a verified claim. */
export async function isLinkedIdentity(store: HostStateStore, identity: Native): Promise<boolean> {
  const record = await getIdentityRecord(store, identity);
  if (!record) return false;
  if (record.linkedAt) return true;
  const host = await getHostIdentity(store, record.isolationKey);
  return Object.keys(host?.claims ?? {}).length > 0;
}

async function removeMember(store: HostStateStore, isolationKey: string, identity: Native): Promise<void> {
  await updateRecord<HostIdentity>(store, HOST_IDENTITY_NAMESPACE, isolationKey, (current) => {
    if (!current) return undefined;
    return { ...current, members: current.members.filter((m) => m.channel !== identity.channel || m.nativeId !== identity.nativeId) };
  });
}
