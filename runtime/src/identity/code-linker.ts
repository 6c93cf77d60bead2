// The default IdentityLinker: `/link` on channel A issues a 6-digit one-time code; `/link <code>` on
// channel B joins B onto A's isolation key. Codes are single use, expire; guesses are counted before checking.
import { createHash, randomInt } from "node:crypto";
import type { ChannelIdentity } from "../channel/request.ts";
import { ForbiddenError, HostError } from "../host/errors.ts";
import { VersionConflictError, type HostStateStore } from "../stores/types.ts";
import { attemptCounters, GUESS_COUNTER_KEY, LINK_ATTEMPT_NAMESPACE, LINK_GUESS_NAMESPACE, type Refusal } from "./_link-attempts.ts";
import { isLinkedIdentity, linkIdentity } from "./registry.ts";
import type { IdentityResolver } from "./resolver.ts";
import type { IdentityLinker, LinkChallenge, LinkPolicy } from "./types.ts";

export const LINK_GRANT_NAMESPACE = "link-grants";

export interface CodeLinkerOptions {
  store: HostStateStore;
  /** Resolves the isolation key of the identity that begins linking (the host's resolver). */
  resolver: IdentityResolver;
  /** How long a code is valid. Default 15 minutes. */
  ttlMs?: number;
  /**
   * Codes one identity may try before it is locked out for `ttlMs` after its last try. Default 5.
   * Each try is counted before its code is checked; a link resets the count.
   */
  maxAttempts?: number;
  /**
   * Guesses a code may receive, from anyone, while it is live; then it is burnt (refused, even when
   * right) and the user asks for a new one. A wrong guess names no code, so every guess made on the
   * host after a code was issued counts against it: an attacker with many identities gets this many
   * tries per code (chance of a hit: this / 1 000 000). Default `maxAttempts`; raise it on a busy host
   * where honest typos would burn other people's codes.
   */
  maxCodeGuesses?: number;
  /** Decides whether the two channels may be linked. Default: allow all. */
  policy?: LinkPolicy;
  /** Confidentiality tier of each channel by name, for the policy. */
  tiers?: Record<string, string | undefined>;
}

interface CodeGrant {
  isolationKey: string;
  issuedBy: { channel: string; nativeId: string };
  expiresAt: string;
  /** The host-wide guess counter when the code was issued (absent on grants written before it existed). */
  guessesAtIssue?: number;
}

/** Thrown when a code is wrong, used or expired; channels show its message to the user. */
export class LinkError extends HostError {
  constructor(message: string, code = "link_failed") {
    super(400, code, message);
    this.name = "LinkError";
  }
}

const grantKey = (code: string) => createHash("sha256").update(code).digest("base64url");

function inMinutes(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

const wrongCode = () => new LinkError("That code is wrong, used or expired. Send /link on your other channel for a new one.");

/** Why a guess was refused before its code was checked. */
function refusal(reason: Refusal, ttlMs: number): LinkError {
  if (reason === "limit") return new LinkError(`Too many wrong codes. Wait ${inMinutes(ttlMs)}, then start again with /link.`, "link_locked");
  return new LinkError("Too many /link attempts at once, so this code was not checked. Wait a moment, then send it again.", "link_busy");
}

export function codeLinker(options: CodeLinkerOptions): IdentityLinker {
  const ttlMs = options.ttlMs ?? 15 * 60_000;
  const maxAttempts = options.maxAttempts ?? 5;
  const maxCodeGuesses = options.maxCodeGuesses ?? maxAttempts;
  const { store } = options;
  const counters = attemptCounters(store);

  return {
    name: "code",
    async begin(identity: ChannelIdentity): Promise<LinkChallenge> {
      const isolationKey = await options.resolver.resolve(identity);
      if (!isolationKey) throw new ForbiddenError("This identity may not link.", "identity_refused");
      const expiresAt = new Date(Date.now() + ttlMs).toISOString();
      const guessesAtIssue = await counters.read(LINK_GUESS_NAMESPACE, GUESS_COUNTER_KEY); // read before the code exists
      for (;;) {
        const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
        const issuedBy = { channel: identity.channel, nativeId: identity.nativeId };
        const grant: CodeGrant = { isolationKey, issuedBy, expiresAt, guessesAtIssue };
        try {
          await store.set(LINK_GRANT_NAMESPACE, grantKey(code), grant, { ifVersion: 0, ttlMs });
        } catch (error) {
          if (error instanceof VersionConflictError) continue; // that code is live for someone else: draw another
          throw error;
        }
        const instructions = `Send "/link ${code}" from your other channel within ${inMinutes(ttlMs)}.`;
        return { challengeId: grantKey(code), code, expiresAt, instructions };
      }
    },

    async complete(identity: ChannelIdentity, proof: string): Promise<string> {
      const who = `${identity.channel}:${identity.nativeId}`;
      // Count first, check after: a guess whose attempt could not be recorded is never checked.
      const attempt = await counters.reserve(LINK_ATTEMPT_NAMESPACE, who, { limit: maxAttempts, ttlMs });
      if ("refused" in attempt) throw refusal(attempt.refused, ttlMs);
      const code = proof.trim();
      if (!/^\d{6}$/.test(code)) throw wrongCode();
      const guess = await counters.reserve(LINK_GUESS_NAMESPACE, GUESS_COUNTER_KEY);
      if ("refused" in guess) throw refusal(guess.refused, ttlMs);
      const grant = await store.consume<CodeGrant>(LINK_GRANT_NAMESPACE, grantKey(code));
      if (!grant || Date.parse(grant.value.expiresAt) < Date.now()) throw wrongCode();
      // This guess's place among all guesses since the code was issued; one numbered before it was a blind guess.
      const place = guess.count - (grant.value.guessesAtIssue ?? guess.count - 1);
      if (place < 1 || place > maxCodeGuesses) throw wrongCode(); // burnt: consumed above, so gone for everyone
      const source = grant.value.issuedBy.channel;
      const allowed = (options.policy ?? (() => true))({
        source: { name: source, confidentialityTier: options.tiers?.[source] },
        destination: { name: identity.channel, confidentialityTier: options.tiers?.[identity.channel] },
        operation: "link",
      });
      if (!allowed) throw new LinkError(`Linking ${identity.channel} with ${source} is not allowed here.`, "link_refused");
      await linkIdentity(store, { channel: source, nativeId: grant.value.issuedBy.nativeId }, grant.value.isolationKey);
      await linkIdentity(store, identity, grant.value.isolationKey);
      await store.delete(LINK_ATTEMPT_NAMESPACE, who);
      return grant.value.isolationKey;
    },

    isLinked: (identity) => isLinkedIdentity(store, identity),
  };
}
