// Built-in LinkPolicies over each channel's opaque confidentiality tier: which channels may be
// linked together, and which may receive content that came in on another.
import type { LinkPolicy } from "./types.ts";

export const allowAll: LinkPolicy = () => true;

export const denyAll: LinkPolicy = () => false;

/** Only channels of the same tier (an absent tier counts as its own tier, "default"). */
export const sameTier: LinkPolicy = ({ source, destination }) =>
  (source.confidentialityTier ?? "default") === (destination.confidentialityTier ?? "default");

/** Only the listed (source, destination) channel pairs; a pair allows both directions. */
export function explicitAllowList(pairs: Array<[string, string]>): LinkPolicy {
  const allowed = new Set(pairs.flatMap(([a, b]) => [`${a}→${b}`, `${b}→${a}`]));
  return ({ source, destination }) => source.name === destination.name || allowed.has(`${source.name}→${destination.name}`);
}
