// Silent linking by verified claims: a channel that validated an IdP token (Teams, Activity) puts
// `attributes.verifiedClaims` on the identity; a claim another key already owns links onto that key.
import type { ChannelIdentity } from "../channel/request.ts";
import type { HostStateStore } from "../stores/types.ts";
import { findByClaim, getIdentityRecord, linkIdentity, recordClaims } from "./registry.ts";
import type { IdentityResolver } from "./resolver.ts";

/** The verified claims a channel attached to an identity, e.g. `{ "microsoft.oid": "…" }`. */
export function verifiedClaimsOf(identity: ChannelIdentity): Record<string, string> {
  const claims = identity.attributes?.verifiedClaims;
  if (!claims || typeof claims !== "object") return {};
  return Object.fromEntries(Object.entries(claims).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

export function claimAwareResolver(base: IdentityResolver, store: HostStateStore): IdentityResolver {
  return {
    async resolve(identity) {
      const claims = verifiedClaimsOf(identity);
      for (const [name, value] of Object.entries(claims)) {
        const owner = await findByClaim(store, name, value);
        if (!owner) continue;
        if ((await getIdentityRecord(store, identity))?.isolationKey !== owner) await linkIdentity(store, identity, owner);
        return owner;
      }
      const isolationKey = await base.resolve(identity);
      if (isolationKey !== null && Object.keys(claims).length > 0) {
        const owners = await recordClaims(store, isolationKey, claims);
        const owner = Object.values(owners)[0]; // lost a race for the claim: join its owner
        if (owner) {
          await linkIdentity(store, identity, owner);
          return owner;
        }
      }
      return isolationKey;
    },
  };
}
