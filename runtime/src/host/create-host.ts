// createAgentHost: one target, many channels, one Hono app. Wires the store, identity resolver,
// session serialization and background runner behind the ChannelContext each channel receives.
import type { Hono, MiddlewareHandler } from "hono";
import type { UpgradeWebSocket } from "hono/ws";
import { upgradeWebSocket as nodeUpgradeWebSocket } from "@hono/node-server";
import type { ChannelIdentity, ChannelRequest, ResponseTarget } from "../channel/request.ts";
import type { Channel, ChannelCommand, ChannelContext, Logger, RunOptions } from "../channel/types.ts";
import { answersOutOfBand, deferTurn, deliverAfterRun, proactiveDelivery } from "../delivery/out-of-band.ts";
import type { DeliveryChannel } from "../delivery/types.ts";
import { unlinkAndEvict } from "../delivery/unlink.ts";
import { allowlistResolver, type IdentityAllowlist } from "../identity/allowlist.ts";
import { claimAwareResolver } from "../identity/claims.ts";
import { allowAll } from "../identity/policy.ts";
import { autoIssueIdentityResolver, type IdentityResolver } from "../identity/resolver.ts";
import type { IdentityLinker, LinkPolicy } from "../identity/types.ts";
import { readContinuation } from "../runs/continuations.ts";
import { inProcessRunner } from "../runs/in-process-runner.ts";
import type { ContinuationToken, TaskRunner } from "../runs/types.ts";
import { rotateSessionAlias } from "../session/resolve.ts";
import { fileStore } from "../stores/file.ts";
import type { DeliveryRecord } from "../session/history.ts";
import type { HostStateStore } from "../stores/types.ts";
import type { RunResult, Target } from "../target/types.ts";
import { KeyLock } from "../_key-lock.ts";
import { createHostApp, mountChannel } from "./app.ts";
import { backgroundExecutor, cancelBackgroundRun, queueBackgroundRun, type BackgroundDeps } from "./background.ts";
import { builtInCommands } from "./commands.ts";
import { executeTurn } from "./execute.ts";
import { consoleLogger } from "./logger.ts";
import { prepareTurn, type PrepareDeps, type PreparedTurn } from "./prepare.ts";
import { recoverBackgroundRuns } from "./recover.ts";
import { serveHost, type ServeOptions, type ServedHost } from "./serve.ts";

export type RuntimeMode = "long_running" | "ephemeral";

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
   * linker, or a factory the host calls with its store and resolver (`identityLinker: codeLinker`).
   */
  identityLinker?: IdentityLinker | ((deps: { store: HostStateStore; resolver: IdentityResolver }) => IdentityLinker);
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
  /** Largest accepted request body. Default 1 MiB. */
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
  store: HostStateStore;
  /** Drains in-flight runs (up to `timeoutMs`), stops channels and closes the store. */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

export function createAgentHost(options: AgentHostOptions): AgentHost {
  const mode = options.mode ?? "long_running";
  const log = options.logger ?? consoleLogger();
  const store = options.store ?? fileStore({ dir: process.env.AGENT_HOST_STATE_DIR ?? ".agent-host" });
  const runner = options.runner ?? inProcessRunner();
  const baseResolver = options.identityResolver ?? claimAwareResolver(autoIssueIdentityResolver(store), store);
  const identityResolver = options.allowlist ? allowlistResolver(baseResolver, options.allowlist) : baseResolver;
  const linker = typeof options.identityLinker === "function" ? options.identityLinker({ store, resolver: identityResolver }) : options.identityLinker;
  if ((options.requireLink || options.channels.some((c) => c.requireLink)) && !linker) {
    throw new Error("requireLink needs an identityLinker: pass identityLinker: codeLinker({ store, resolver }) (or entraLinker) to createAgentHost.");
  }
  const deliveryChannels = new Map<string, DeliveryChannel>();
  const deliverDeps = { store, log, channels: deliveryChannels, linkPolicy: options.linkPolicy ?? allowAll, activeWindowMs: options.activeWindowMs };
  const afterRun = deliverAfterRun(deliverDeps);
  const deps: PrepareDeps & BackgroundDeps = {
    target: options.target, store, runner, identityResolver, sessions: new KeyLock(), afterRun,
    ...(linker ? { identityLinker: linker } : {}), ...(options.requireLink ? { requireLink: true } : {}),
  };
  const commands = [...builtInCommands(store, linker), ...(options.commands ?? [])];
  const shutdownHooks: Array<() => Promise<void> | void> = [];
  const startupHooks: Array<() => Promise<void> | void> = [];
  const servers: ServedHost[] = [];

  const targetInput = (request: ChannelRequest) =>
    options.target.kind === "workflow" && options.target.parseInput ? options.target.parseInput(request.input) : request.input;

  let started: Promise<void> | undefined;
  let sweeper: NodeJS.Timeout | undefined;
  const ready = () =>
    (started ??= (async () => {
      await runner.start(backgroundExecutor(deps, targetInput));
      if (mode === "long_running") {
        const report = await recoverBackgroundRuns(store, runner);
        if (report.requeued || report.failed) log.info("recovered background runs", { ...report });
        sweeper = startSweeper(store, log);
      }
    })());

  // A non-originating target (decided after the run hook) answers with a continuation; the result is pushed.
  const defer = async (turn: PreparedTurn, runOptions?: RunOptions) => {
    await ready();
    return deferTurn(deps, turn, runOptions?.token);
  };
  const contextFor = (channel: Channel): ChannelContext => ({
    run: async (request, runOptions) => {
      const turn = await prepareTurn(deps, channel, request, runOptions);
      if (answersOutOfBand(turn.request.responseTarget)) return defer(turn, runOptions);
      const stream = await executeTurn(deps, turn, runOptions?.signal);
      return { result: await stream.result, session: stream.session, request: stream.request };
    },
    stream: async (request, runOptions) => {
      const turn = await prepareTurn(deps, channel, request, runOptions);
      return answersOutOfBand(turn.request.responseTarget) ? defer(turn, runOptions) : executeTurn(deps, turn, runOptions?.signal);
    },
    runInBackground: async (request, runOptions) => {
      await ready();
      return queueBackgroundRun(deps, await prepareTurn(deps, channel, request, runOptions), runOptions?.token);
    },
    getContinuation: (token) => readContinuation(store, token),
    cancelContinuation: (token) => cancelBackgroundRun(deps, token),
    store,
    upgradeWebSocket: options.upgradeWebSocket ?? nodeUpgradeWebSocket,
    target: { kind: options.target.kind, name: options.target.name, description: options.target.description },
    commands,
    log,
  });

  const app = createHostApp({ middleware: options.middleware ?? [], maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024, log, ready });
  const linkerRoutes = linker?.contribute?.({ store, log }).routes;
  if (linkerRoutes) app.route("/", linkerRoutes);
  assertUniqueChannels(options.channels);
  for (const channel of options.channels) {
    const contribution = channel.contribute(contextFor(channel));
    mountChannel(app, channel.path, contribution);
    deliveryChannels.set(channel.name, { name: channel.name, confidentialityTier: channel.confidentialityTier, push: contribution.push, format: contribution.format });
    startupHooks.push(...(contribution.onStartup ?? []));
    shutdownHooks.push(...(contribution.onShutdown ?? []));
  }

  const hostChannel = { name: "host" } as const;
  const host: AgentHost = {
    app,
    fetch: async (request, env, executionContext) => {
      const response = await app.fetch(request, env, executionContext as never);
      if (mode === "ephemeral") {
        // Serverless: background work must finish inside this invocation (or its waitUntil).
        if (executionContext?.waitUntil) executionContext.waitUntil(runner.drain());
        else await runner.drain();
      }
      return response;
    },
    serve: async (serveOptions) => {
      if (mode === "ephemeral") throw new Error("serve() needs mode \"long_running\"; in ephemeral mode export host.fetch instead.");
      await ready();
      for (const hook of startupHooks) await hook();
      const served = await serveHost(app, serveOptions);
      servers.push(served);
      return served;
    },
    runInBackground: async (request, runOptions) => {
      await ready();
      return queueBackgroundRun(deps, await prepareTurn(deps, hostChannel, request, runOptions));
    },
    getContinuation: (token) => readContinuation(store, token),
    resetSession: (isolationKey) => rotateSessionAlias(store, isolationKey),
    ...(linker ? { identityLinker: linker } : {}),
    unlink: (identity) => unlinkAndEvict(store, identity),
    deliver: proactiveDelivery(deliverDeps),
    store,
    close: async ({ timeoutMs = 10_000 } = {}) => {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([runner.drain(), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
      clearTimeout(timer);
      clearInterval(sweeper);
      await Promise.all(servers.splice(0).map((served) => served.close()));
      await runner.close();
      for (const hook of shutdownHooks) await hook();
      await store.close();
    },
  };
  return host;
}

/** Long-running hosts remove expired records every 10 minutes (stores with native TTL need no sweep). */
function startSweeper(store: HostStateStore, log: Logger): NodeJS.Timeout | undefined {
  const sweep = (store as { sweep?: () => Promise<number> }).sweep?.bind(store);
  if (!sweep) return undefined;
  const timer = setInterval(() => sweep().catch((error) => log.warn("store sweep failed", { error: String(error) })), 10 * 60_000);
  timer.unref();
  return timer;
}

function assertUniqueChannels(channels: Channel[]): void {
  const seen = new Set<string>();
  for (const channel of channels) {
    if (seen.has(channel.name)) throw new Error(`Channel "${channel.name}" is configured twice; give each channel instance its own name.`);
    seen.add(channel.name);
  }
}
