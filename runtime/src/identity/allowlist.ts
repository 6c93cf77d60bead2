// The `allowlist` authorization profile: an IdentityResolver that answers only for listed isolation
// keys or native ids and refuses everyone else, so the agent is never called for them.
import type { IdentityResolver } from "./resolver.ts";

export interface IdentityAllowlist {
  /** Isolation keys (host identities) that may talk to the agent. */
  isolationKeys?: string[];
  /** Native ids as `channel:nativeId` (e.g. `telegram:12345`) or bare native ids on any channel. */
  nativeIds?: string[];
}

/**
 * Reads an allowlist from text such as `AGENT_HOST_ALLOWLIST`: comma- or space-separated entries,
 * `ik_…` isolation keys, `channel:nativeId` pairs, or bare native ids (any channel).
 */
export function parseAllowlist(text: string | undefined): IdentityAllowlist {
  const entries = (text ?? "").split(/[\s,]+/).filter(Boolean);
  return { isolationKeys: entries.filter((e) => e.startsWith("ik_")), nativeIds: entries.filter((e) => !e.startsWith("ik_")) };
}

export function allowlistResolver(base: IdentityResolver, allowlist: IdentityAllowlist): IdentityResolver {
  const keys = new Set(allowlist.isolationKeys ?? []);
  const natives = new Set(allowlist.nativeIds ?? []);
  return {
    async resolve(identity) {
      const listedNative = natives.has(`${identity.channel}:${identity.nativeId}`) || natives.has(identity.nativeId);
      // A stranger who cannot be listed by isolation key is refused before the base resolver would
      // issue (and store) an identity for them: refused traffic writes nothing.
      if (!listedNative && keys.size === 0) return null;
      const isolationKey = await base.resolve(identity);
      if (isolationKey === null) return null;
      return listedNative || keys.has(isolationKey) ? isolationKey : null;
    },
  };
}
