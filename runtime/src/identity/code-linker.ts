// The default IdentityLinker: `/link` on channel A issues a 6-digit one-time code; `/link <code>` on
// channel B joins B onto A's isolation key. Codes are single use, expire, and guessing locks out.
import { createHash, randomInt } from "node:crypto";
import type { ChannelIdentity } from "../channel/request.ts";
import { ForbiddenError, HostError } from "../host/errors.ts";
import { VersionConflictError, type HostStateStore } from "../stores/types.ts";
import { updateRecord } from "../stores/update.ts";
import { isLinkedIdentity, linkIdentity } from "./registry.ts";
import type { IdentityResolver } from "./resolver.ts";
import type { IdentityLinker, LinkChallenge, LinkPolicy } from "./types.ts";

export const LINK_GRANT_NAMESPACE = "link-grants";
const ATTEMPT_NAMESPACE = "link-attempts";

export interface CodeLinkerOptions {
  store: HostStateStore;
  /** Resolves the isolation key of the identity that begins linking (the host's resolver). */
  resolver: IdentityResolver;
  /** How long a code is valid. Default 15 minutes. */
  ttlMs?: number;
  /** Wrong codes per identity before it is locked out for `ttlMs`. Default 5. */
  maxAttempts?: number;
  /** Decides whether the two channels may be linked. Default: allow all. */
  policy?: LinkPolicy;
  /** Confidentiality tier of each channel by name, for the policy. */
  tiers?: Record<string, string | undefined>;
}

interface CodeGrant {
  isolationKey: string;
  issuedBy: { channel: string; nativeId: string };
  expiresAt: string;
}

/** Thrown when a code is wrong, used or expired; channels show its message to the user. */
export class LinkError extends HostError {
  constructor(message: string, code = "link_failed") {
    super(400, code, message);
    this.name = "LinkError";
  }
}

const grantKey = (code: string) => createHash("sha256").update(code).digest("base64url");

export function codeLinker(options: CodeLinkerOptions): IdentityLinker {
  const ttlMs = options.ttlMs ?? 15 * 60_000;
  const maxAttempts = options.maxAttempts ?? 5;
  const { store } = options;

  return {
    name: "code",
    async begin(identity: ChannelIdentity): Promise<LinkChallenge> {
      const isolationKey = await options.resolver.resolve(identity);
      if (!isolationKey) throw new ForbiddenError("This identity may not link.", "identity_refused");
      const expiresAt = new Date(Date.now() + ttlMs).toISOString();
      for (;;) {
        const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
        const grant: CodeGrant = { isolationKey, issuedBy: { channel: identity.channel, nativeId: identity.nativeId }, expiresAt };
        try {
          await store.set(LINK_GRANT_NAMESPACE, grantKey(code), grant, { ifVersion: 0, ttlMs });
        } catch (error) {
          if (error instanceof VersionConflictError) continue; // that code is live for someone else: draw another
          throw error;
        }
        const minutes = Math.round(ttlMs / 60_000);
        return { challengeId: grantKey(code), code, expiresAt, instructions: `Send "/link ${code}" from your other channel within ${minutes} minutes.` };
      }
    },

    async complete(identity: ChannelIdentity, proof: string): Promise<string> {
      const who = `${identity.channel}:${identity.nativeId}`;
      const attempts = (await store.get<number>(ATTEMPT_NAMESPACE, who))?.value ?? 0;
      if (attempts >= maxAttempts) throw new LinkError("Too many wrong codes. Wait 15 minutes, then start again with /link.", "link_locked");
      const code = proof.trim();
      const grant = /^\d{6}$/.test(code) ? await store.consume<CodeGrant>(LINK_GRANT_NAMESPACE, grantKey(code)) : undefined;
      if (!grant || Date.parse(grant.value.expiresAt) < Date.now()) {
        await updateRecord<number>(store, ATTEMPT_NAMESPACE, who, (n) => (n ?? 0) + 1, { ttlMs });
        throw new LinkError("That code is wrong, used or expired. Send /link on your other channel for a new one.");
      }
      const source = grant.value.issuedBy.channel;
      const allowed = (options.policy ?? (() => true))({
        source: { name: source, confidentialityTier: options.tiers?.[source] },
        destination: { name: identity.channel, confidentialityTier: options.tiers?.[identity.channel] },
        operation: "link",
      });
      if (!allowed) throw new LinkError(`Linking ${identity.channel} with ${source} is not allowed here.`, "link_refused");
      await linkIdentity(store, { channel: source, nativeId: grant.value.issuedBy.nativeId }, grant.value.isolationKey);
      await linkIdentity(store, identity, grant.value.isolationKey);
      await store.delete(ATTEMPT_NAMESPACE, who);
      return grant.value.isolationKey;
    },

    isLinked: (identity) => isLinkedIdentity(store, identity),
  };
}
