// createAgentHost: one target, many channels, one Hono app. Wires the store, identity resolver,
// session serialization and background runner behind the ChannelContext each channel receives.
import { upgradeWebSocket as nodeUpgradeWebSocket } from "@hono/node-server";
import type { Channel } from "../channel/types.ts";
import type { ChannelRequest } from "../channel/request.ts";
import { deliverAfterRun, proactiveDelivery } from "../delivery/out-of-band.ts";
import { replayDeliveries } from "../delivery/replay.ts";
import type { DeliveryChannel } from "../delivery/types.ts";
import { unlinkAndEvict } from "../delivery/unlink.ts";
import { allowlistResolver } from "../identity/allowlist.ts";
import { claimAwareResolver } from "../identity/claims.ts";
import { allowAll } from "../identity/policy.ts";
import { autoIssueIdentityResolver } from "../identity/resolver.ts";
import { readContinuation } from "../runs/continuations.ts";
import { inProcessRunner } from "../runs/in-process-runner.ts";
import { rotateSessionAlias } from "../session/resolve.ts";
import { fileStore } from "../stores/file.ts";
import { KeyLock } from "../_key-lock.ts";
import { createHostApp, DEFAULT_MAX_BODY_BYTES, mountChannel } from "./app.ts";
import { backgroundExecutor, queueBackgroundRun, type BackgroundDeps } from "./background.ts";
import { builtInCommands } from "./commands.ts";
import { channelContext } from "./context.ts";
import { boundedLogger, consoleLogger } from "./logger.ts";
import { prepareTurn, type PrepareDeps } from "./prepare.ts";
import { recoverBackgroundRuns } from "./recover.ts";
import { serveHost, trackWebSockets, type ServedHost } from "./serve.ts";
import { startSweeper } from "./sweeper.ts";
import type { AgentHost, AgentHostOptions } from "./types.ts";

export type { AgentHost, AgentHostOptions, LinkerDeps, RuntimeMode } from "./types.ts";

export function createAgentHost(options: AgentHostOptions): AgentHost {
  const mode = options.mode ?? "long_running";
  const log = boundedLogger(options.logger ?? consoleLogger());
  const store = options.store ?? fileStore({ dir: process.env.AGENT_HOST_STATE_DIR ?? ".agent-host" });
  const runner = options.runner ?? inProcessRunner();
  const baseResolver = options.identityResolver ?? claimAwareResolver(autoIssueIdentityResolver(store), store);
  const identityResolver = options.allowlist ? allowlistResolver(baseResolver, options.allowlist) : baseResolver;
  const linkPolicy = options.linkPolicy ?? allowAll;
  const tiers = Object.fromEntries(options.channels.map((channel) => [channel.name, channel.confidentialityTier]));
  const linker =
    typeof options.identityLinker === "function"
      ? options.identityLinker({ store, resolver: identityResolver, policy: linkPolicy, tiers })
      : options.identityLinker;
  if ((options.requireLink || options.channels.some((c) => c.requireLink)) && !linker) {
    throw new Error("requireLink needs an identityLinker: pass identityLinker: codeLinker({ store, resolver }) (or entraLinker) to createAgentHost.");
  }
  const deliveryChannels = new Map<string, DeliveryChannel>();
  const deliverDeps = { store, log, channels: deliveryChannels, linkPolicy, activeWindowMs: options.activeWindowMs };
  const afterRun = deliverAfterRun(deliverDeps);
  const deps: PrepareDeps & BackgroundDeps = {
    target: options.target, store, runner, identityResolver, sessions: new KeyLock(), afterRun,
    ...(linker ? { identityLinker: linker } : {}), ...(options.requireLink ? { requireLink: true } : {}),
  };
  const commands = [...builtInCommands(store, linker), ...(options.commands ?? [])];
  const shutdownHooks: Array<() => Promise<void> | void> = [];
  const startupHooks: Array<() => Promise<void> | void> = [];
  const servers: ServedHost[] = [];
  let webSockets = false; // set when a channel makes a WebSocket route: only then does serve() load `ws`
  const upgradeWebSocket = trackWebSockets(options.upgradeWebSocket ?? nodeUpgradeWebSocket, () => (webSockets = true));

  const targetInput = (request: ChannelRequest) =>
    options.target.kind === "workflow" && options.target.parseInput ? options.target.parseInput(request.input) : request.input;

  let started: Promise<void> | undefined;
  let sweeper: NodeJS.Timeout | undefined;
  const ready = () =>
    (started ??= (async () => {
      // An ephemeral host with a distributed runner only enqueues: workers elsewhere execute.
      await runner.start(backgroundExecutor(deps, targetInput), { execute: mode === "long_running" || !runner.distributed });
      if (mode === "long_running") {
        if (!runner.distributed) {
          // A distributed queue retries a dead worker's runs itself; "running" here may be running elsewhere.
          const report = await recoverBackgroundRuns(store, runner);
          if (report.requeued || report.failed) log.info("recovered background runs", { ...report });
        }
        sweeper = startSweeper(store, log);
      }
    })());

  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const app = createHostApp({ middleware: options.middleware ?? [], maxBodyBytes, log, ready, ping: () => store.ping?.() ?? Promise.resolve() });
  const linkerRoutes = linker?.contribute?.({ store, log }).routes;
  if (linkerRoutes) app.route("/", linkerRoutes);
  assertUniqueChannels(options.channels);
  for (const channel of options.channels) {
    const context = channelContext(channel, { deps, ready, target: options.target, commands, upgradeWebSocket, log });
    const contribution = channel.contribute(context);
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
      if (mode === "ephemeral" && !runner.distributed) {
        // Serverless: background work must finish inside this invocation (or its waitUntil),
        // unless a distributed runner's workers execute it elsewhere.
        if (executionContext?.waitUntil) executionContext.waitUntil(runner.drain());
        else await runner.drain();
      }
      return response;
    },
    serve: async (serveOptions) => {
      if (mode === "ephemeral") throw new Error("serve() needs mode \"long_running\"; in ephemeral mode export host.fetch instead.");
      await ready();
      for (const hook of startupHooks) await hook();
      const served = await serveHost(app, serveOptions, { webSockets, maxPayload: maxBodyBytes });
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
    replayDeliveries: (replay) => replayDeliveries(deliverDeps, replay),
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

function assertUniqueChannels(channels: Channel[]): void {
  const seen = new Set<string>();
  for (const channel of channels) {
    if (seen.has(channel.name)) throw new Error(`Channel "${channel.name}" is configured twice; give each channel instance its own name.`);
    seen.add(channel.name);
  }
}
