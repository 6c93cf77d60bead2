// The public shapes of the host: the options createAgentHost takes and the AgentHost it returns.
// Kept apart from the wiring so the interface reads on one screen.
import type { Hono, MiddlewareHandler } from "hono";
import type { UpgradeWebSocket } from "hono/ws";
import type { ChannelIdentity, ChannelRequest, ResponseTarget } from "../channel/request.ts";
import type { Channel, ChannelCommand, Logger, RunOptions } from "../channel/types.ts";
import type { ReplayOptions } from "../delivery/replay.ts";
import type { IdentityAllowlist } from "../identity/allowlist.ts";
import type { IdentityResolver } from "../identity/resolver.ts";
import type { IdentityLinker, LinkPolicy } from "../identity/types.ts";
import type { ContinuationToken, TaskRunner } from "../runs/types.ts";
import type { DeliveryRecord } from "../session/history.ts";
import type { HostStateStore } from "../stores/types.ts";
import type { RunResult, Target } from "../target/types.ts";
import type { ServeOptions, ServedHost } from "./serve.ts";

export type RuntimeMode = "long_running" | "ephemeral";

/** What the host hands an `identityLinker` factory. */
export interface LinkerDeps {
  store: HostStateStore;
  resolver: IdentityResolver;
  policy: LinkPolicy;
  tiers: Record<string, string | undefined>;
}

export interface AgentHostOptions {
  target: Target;
  channels: Channel[];
  /** Default: the file store under `AGENT_HOST_STATE_DIR` (`.agent-host`). */
  store?: HostStateStore;
  /** Default: the in-process runner. */
  runner?: TaskRunner;
  /** `long_running` (default) for a server; `ephemeral` for serverless `fetch` with no timers. */
  mode?: RuntimeMode;
  /** Applied to every channel route (CORS, auth, logging). */
  middleware?: MiddlewareHandler[];
  identityResolver?: IdentityResolver;
  /**
   * Joins a person's channel identities (`/link`); adds the `link` and `unlink` commands. Pass a
   * linker, or a factory the host calls with its store, resolver, `linkPolicy` and the channels'
   * tiers (`identityLinker: codeLinker`).
   */
  identityLinker?: IdentityLinker | ((deps: LinkerDeps) => IdentityLinker);
  /** Every channel (unless it says otherwise) answers unlinked identities with the link challenge. */
  requireLink?: boolean;
  /** Only these identities reach the agent (the `allowlist` profile); others get a polite 403. */
  allowlist?: IdentityAllowlist;
  /** Which channels may receive results that came in on another (operation "deliver"). Default `allowAll`. */
  linkPolicy?: LinkPolicy;
  /** How far back the `active` response target looks for the user's last channel. Default 24 h. */
  activeWindowMs?: number;
  /** Extra commands offered on every chat channel, besides the built-in `new`. */
  commands?: ChannelCommand[];
  /** Largest accepted request body, and WebSocket message (a larger one closes the socket with 1009). Default 1 MiB. */
  maxBodyBytes?: number;
  logger?: Logger;
  /** WebSocket upgrade helper of your server; default the one for @hono/node-server. */
  upgradeWebSocket?: UpgradeWebSocket;
}

export interface AgentHost {
  app: Hono;
  /** For serverless platforms: `export default { fetch: host.fetch }`. */
  fetch: (request: Request, env?: unknown, executionContext?: { waitUntil(promise: Promise<unknown>): void }) => Promise<Response>;
  serve(options?: ServeOptions): Promise<ServedHost>;
  runInBackground(request: ChannelRequest, options?: RunOptions): Promise<ContinuationToken>;
  getContinuation(token: string): Promise<ContinuationToken | undefined>;
  /** Starts a new host-tracked conversation for this isolation key; returns the new session key. */
  resetSession(isolationKey: string): Promise<string>;
  /** The configured linker (begin/complete/isLinked), for HTTP protocols and admin tools. */
  identityLinker?: IdentityLinker;
  /** Splits an identity off its linked person onto a fresh isolation key; resolves the new key. */
  unlink(identity: ChannelIdentity): Promise<string>;
  /** Pushes an app-composed message to a person (`active`, `channel(s)`, `identities`, `allLinked`); resolves the records. */
  deliver(isolationKey: string, message: string | RunResult, target: ResponseTarget): Promise<DeliveryRecord[]>;
  /** Re-pushes a message's pending/failed deliveries (never delivered ones); resolves its updated records. 404 if unknown. */
  replayDeliveries(options: ReplayOptions): Promise<DeliveryRecord[]>;
  store: HostStateStore;
  /** Drains in-flight runs (up to `timeoutMs`), stops channels and closes the store. */
  close(options?: { timeoutMs?: number }): Promise<void>;
}
