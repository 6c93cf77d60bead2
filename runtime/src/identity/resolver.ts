// The IdentityResolver seam and its default: auto-issue a stable isolation key the first time a
// (channel, nativeId) is seen, persisted in the identity registry so it survives restarts.
import { randomBytes } from "node:crypto";
import type { ChannelIdentity } from "../channel/request.ts";
import { VersionConflictError, type HostStateStore } from "../stores/types.ts";

export const IDENTITY_NAMESPACE = "identities";

export interface IdentityResolver {
  /** The isolation key for this identity, or `null` to refuse it (the host answers 403). */
  resolve(identity: ChannelIdentity): Promise<string | null>;
}

export interface IdentityRecord {
  isolationKey: string;
  channel: string;
  nativeId: string;
  displayName?: string;
  createdAt: string;
  /** Set when the identity was joined onto another isolation key by a link ceremony. */
  linkedAt?: string;
}

/** A fresh, URL-safe isolation key. */
export function newIsolationKey(): string {
  return `ik_${randomBytes(12).toString("base64url")}`;
}

export function identityKey(identity: Pick<ChannelIdentity, "channel" | "nativeId">): string {
  return `${identity.channel}:${identity.nativeId}`;
}

/** Default resolver: the registry maps (channel, nativeId) → isolation key, issuing one on first contact. */
export function autoIssueIdentityResolver(store: HostStateStore): IdentityResolver {
  return {
    async resolve(identity) {
      const key = identityKey(identity);
      const existing = await store.get<IdentityRecord>(IDENTITY_NAMESPACE, key);
      if (existing) return existing.value.isolationKey;
      const record: IdentityRecord = {
        isolationKey: newIsolationKey(),
        channel: identity.channel,
        nativeId: identity.nativeId,
        ...(identity.displayName ? { displayName: identity.displayName } : {}),
        createdAt: new Date().toISOString(),
      };
      try {
        await store.set(IDENTITY_NAMESPACE, key, record, { ifVersion: 0 });
        return record.isolationKey;
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
        const winner = await store.get<IdentityRecord>(IDENTITY_NAMESPACE, key);
        if (!winner) throw error;
        return winner.value.isolationKey; // a concurrent first contact issued it first
      }
    },
  };
}
