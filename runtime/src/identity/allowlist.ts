// The `allowlist` authorization profile: an IdentityResolver that answers only for listed isolation
// keys or native ids and refuses everyone else, so the agent is never called for them.
import type { IdentityResolver } from "./resolver.ts";

export interface IdentityAllowlist {
  /** Isolation keys (host identities) that may talk to the agent. */
  isolationKeys?: string[];
  /** Native ids as `channel:nativeId` (e.g. `telegram:12345`) or bare native ids on any channel. */
  nativeIds?: string[];
}

export function allowlistResolver(base: IdentityResolver, allowlist: IdentityAllowlist): IdentityResolver {
  const keys = new Set(allowlist.isolationKeys ?? []);
  const natives = new Set(allowlist.nativeIds ?? []);
  return {
    async resolve(identity) {
      const listedNative = natives.has(`${identity.channel}:${identity.nativeId}`) || natives.has(identity.nativeId);
      const isolationKey = await base.resolve(identity);
      if (isolationKey === null) return null;
      return listedNative || keys.has(isolationKey) ? isolationKey : null;
    },
  };
}
