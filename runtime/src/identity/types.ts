// Identity seams beyond the resolver: the host identity a person has across channels, the linker
// that joins a new channel identity onto it, and the LinkPolicy that decides what may link or deliver.
import type { ChannelIdentity } from "../channel/request.ts";
import type { ChannelContext } from "../channel/types.ts";
import type { Hono } from "hono";

/** One person as the host knows them: an isolation key with the channel identities linked onto it. */
export interface HostIdentity {
  isolationKey: string;
  members: Array<{ channel: string; nativeId: string; displayName?: string; linkedAt: string }>;
  /** Verified IdP claims, e.g. `{ "microsoft.oid": "…" }`: a later channel presenting one links silently. */
  claims: Record<string, string>;
  createdAt: string;
}

/** What a user is shown to start or finish linking. */
export interface LinkChallenge {
  challengeId: string;
  /** How the user completes it ("Send /link 482931 on your other channel", or a sign-in URL). */
  instructions: string;
  /** A one-time code, for code linkers. */
  code?: string;
  /** A URL to open, for OAuth linkers. */
  url?: string;
  expiresAt: string;
}

export interface IdentityLinker {
  name: string;
  /** Routes the linker needs (OAuth start/callback), mounted on the host app at its own paths. */
  contribute?(context: Pick<ChannelContext, "store" | "log">): { routes?: Hono };
  /** Starts linking for this identity. */
  begin(identity: ChannelIdentity): Promise<LinkChallenge>;
  /** Finishes linking `identity` with the proof (a code); resolves the isolation key it now shares. */
  complete(identity: ChannelIdentity, proof: string): Promise<string>;
  /** Whether this identity is linked (joined by a ceremony, or carrying a verified claim). */
  isLinked(identity: ChannelIdentity): Promise<boolean>;
}

/** A channel as policies see it: its name and its opaque confidentiality tier. */
export interface ChannelInfo {
  name: string;
  confidentialityTier?: string;
}

export type LinkPolicy = (context: { source: ChannelInfo; destination: ChannelInfo; operation: "link" | "deliver" }) => boolean;
