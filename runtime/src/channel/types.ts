// The Channel seam: a channel contributes routes (a Hono app under its mount root), commands and
// lifecycle hooks, and talks to the host only through the ChannelContext it is given.
import type { Hono, MiddlewareHandler } from "hono";
import type { UpgradeWebSocket } from "hono/ws";
import type { ContinuationToken } from "../runs/types.ts";
import type { SessionFamily } from "../session/resolve.ts";
import type { HostStateStore } from "../stores/types.ts";
import type { RunResult, RunUpdate, Target } from "../target/types.ts";
import type { ChannelFormat, ChannelPush } from "./push.ts";
import type { ChannelIdentity, ChannelRequest, ChannelSession } from "./request.ts";

/** Rewrites or rejects a request after the channel built it and before the session resolves. */
export type RunHook = (
  request: ChannelRequest,
  context: { target: Target; protocolRequest?: unknown },
) => ChannelRequest | Promise<ChannelRequest>;

/** The session a turn ran in, as the host resolved it. */
export interface ResolvedSession {
  /** The store id of the conversation history. */
  id: string;
  /** The caller-visible key (caller-supplied, or the host-tracked alias). */
  key: string;
  isolationKey?: string;
}

export interface RunOptions {
  /** The native payload, handed to the run hook. */
  protocolRequest?: unknown;
  /** Abort the run (e.g. the client disconnected). */
  signal?: AbortSignal;
  /** The continuation token if the run goes to the background (e.g. the channel's own response id). */
  token?: string;
}

/** The turn ran to its end on this request. */
export interface CompletedRun {
  result: RunResult;
  continuation?: undefined;
  session?: ResolvedSession;
  request: ChannelRequest;
}

/**
 * The response target (after the run hook) is not `originating`: the host queued the run and delivers
 * its result out of band. Answer the caller with the continuation (its token can be polled).
 */
export interface DeferredRun {
  continuation: ContinuationToken;
  result?: undefined;
  updates?: undefined;
  session?: ResolvedSession;
  request: ChannelRequest;
}

/** `if (outcome.continuation)` tells a deferred run from a completed one. */
export type RunOutcome = CompletedRun | DeferredRun;

/** A run in progress: iterate `updates` once; `result` settles when the run ends. */
export interface RunStream {
  updates: AsyncIterable<RunUpdate>;
  result: Promise<RunResult>;
  continuation?: undefined;
  session?: ResolvedSession;
  request: ChannelRequest;
}

export interface ChannelContext {
  /** Runs a turn to completion, or defers it (non-originating target). Throws HostError subclasses for 409 / 422 / 403. */
  run(request: ChannelRequest, options?: RunOptions): Promise<RunOutcome>;
  /** Starts a streamed turn; resolves once the session is resolved and the stream can begin (or deferred, as `run`). */
  stream(request: ChannelRequest, options?: RunOptions): Promise<RunStream | DeferredRun>;
  /** Queues a background run and returns its continuation at once (status `queued`). */
  runInBackground(request: ChannelRequest, options?: RunOptions & { token?: string }): Promise<ContinuationToken>;
  getContinuation(token: string): Promise<ContinuationToken | undefined>;
  /** Cancels a queued or running background run; a finished one is returned unchanged. */
  cancelContinuation(token: string): Promise<ContinuationToken | undefined>;
  /** Host-wide state, for channel-owned records (use a namespace named after the channel). */
  store: HostStateStore;
  /**
   * WebSocket upgrade helper for the server the host runs on. Make the route with it in `contribute`:
   * `host.serve` accepts WebSockets (and loads the `ws` package, which the project then depends on) only when a channel did.
   */
  upgradeWebSocket: UpgradeWebSocket;
  target: Pick<Target, "kind" | "name" | "description">;
  /** The built-in and user commands, for native menus. */
  commands: readonly ChannelCommand[];
  /**
   * Runs the chat command `invocation.text` names (`/new`, `/link 482931`, a user command) and
   * resolves true; resolves false when the text is not a known command (send it to the agent then).
   */
  command(invocation: CommandInvocation): Promise<boolean>;
  log: Logger;
}

/** A chat message that may be a command, with the way to answer it. */
export interface CommandInvocation {
  /** The message text; platforms with native commands pass `/<name> <args>`. */
  text: string;
  identity?: ChannelIdentity;
  conversationId?: string;
  /** The session the channel would put on a message here (a group's key): `/new` resets that one. */
  session?: ChannelSession;
  /** This bot's username: `/new@OtherBot` in a group is not for us. */
  botUsername?: string;
  rawEvent?: unknown;
  reply(text: string): Promise<void>;
}

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface CommandContext {
  channel: string;
  identity?: ChannelIdentity;
  session?: ChannelSession;
  args: string;
  rawEvent?: unknown;
  reply(text: string): Promise<void>;
  run(request: ChannelRequest): Promise<RunOutcome>;
}

export interface ChannelCommand {
  name: string;
  description: string;
  handle(context: CommandContext): Promise<void> | void;
  /** Listed in native menus (Telegram setMyCommands, Discord slash commands). Default true. */
  exposeInUi?: boolean;
  /**
   * What the user types after the name (`/link 482931`), for native menus that ask for it (a Discord
   * option). Absent: free text, optional. `false`: the command takes nothing.
   */
  argument?: CommandArgument | false;
}

export interface CommandArgument {
  /** Lower-case identifier, e.g. "code". */
  name: string;
  description: string;
  required?: boolean;
}

export interface ChannelContribution {
  /** Routes relative to the channel's mount root. */
  routes?: Hono;
  /** Middleware applied to this channel's routes only. */
  middleware?: MiddlewareHandler[];
  commands?: ChannelCommand[];
  onStartup?: Array<() => Promise<void> | void>;
  onShutdown?: Array<() => Promise<void> | void>;
  /** Proactive delivery to a stored address; without it, results for this channel fall back to the originating one. */
  push?: ChannelPush;
  /** How results become this channel's messages (Markdown dialect, length limits). Default `[result.text]`. */
  format?: ChannelFormat;
}

export interface Channel {
  name: string;
  /** Mount root; the channel owns the protocol suffix below it. */
  path: string;
  confidentialityTier?: string;
  runHook?: RunHook;
  /** Whether the wire carries the conversation key (`caller-supplied`) or only the user (`host-tracked`, default). */
  sessions?: SessionFamily;
  /** Unlinked identities get the link challenge instead of an agent call. Default: the host's `requireLink`. */
  requireLink?: boolean;
  contribute(context: ChannelContext): ChannelContribution;
}
