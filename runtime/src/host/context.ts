// The ChannelContext each channel receives: run, stream and background runs behind the host's
// prepare/execute pipeline, with non-originating targets answered out of band.
import type { Channel, ChannelCommand, ChannelContext, Logger, RunOptions } from "../channel/types.ts";
import { answersOutOfBand, deferTurn } from "../delivery/out-of-band.ts";
import { readContinuation } from "../runs/continuations.ts";
import type { Target } from "../target/types.ts";
import type { UpgradeWebSocket } from "hono/ws";
import { commandRunner } from "./_chat-command.ts";
import { cancelBackgroundRun, queueBackgroundRun, type BackgroundDeps } from "./background.ts";
import { executeTurn } from "./execute.ts";
import { prepareTurn, type PrepareDeps, type PreparedTurn } from "./prepare.ts";

export interface ContextDeps {
  deps: PrepareDeps & BackgroundDeps;
  /** Resolves once the runner has started (and recovered); background work waits for it. */
  ready: () => Promise<void>;
  target: Target;
  commands: readonly ChannelCommand[];
  upgradeWebSocket: UpgradeWebSocket;
  log: Logger;
}

export function channelContext(channel: Channel, { deps, ready, target, commands, upgradeWebSocket, log }: ContextDeps): ChannelContext {
  // A non-originating target (decided after the run hook) answers with a continuation; the result is pushed.
  const defer = async (turn: PreparedTurn, runOptions?: RunOptions) => {
    await ready();
    return deferTurn(deps, turn, runOptions?.token);
  };
  const run: ChannelContext["run"] = async (request, runOptions) => {
    const turn = await prepareTurn(deps, channel, request, runOptions);
    if (answersOutOfBand(turn.request.responseTarget)) return defer(turn, runOptions);
    const stream = await executeTurn(deps, turn, runOptions?.signal);
    return { result: await stream.result, session: stream.session, request: stream.request };
  };
  return {
    run,
    stream: async (request, runOptions) => {
      const turn = await prepareTurn(deps, channel, request, runOptions);
      return answersOutOfBand(turn.request.responseTarget) ? defer(turn, runOptions) : executeTurn(deps, turn, runOptions?.signal);
    },
    runInBackground: async (request, runOptions) => {
      await ready();
      return queueBackgroundRun(deps, await prepareTurn(deps, channel, request, runOptions), runOptions?.token);
    },
    getContinuation: (token) => readContinuation(deps.store, token),
    cancelContinuation: (token) => cancelBackgroundRun(deps, token),
    store: deps.store,
    upgradeWebSocket,
    target: { kind: target.kind, name: target.name, description: target.description },
    commands,
    command: commandRunner({ channel, commands, identityResolver: deps.identityResolver, run: (request) => run(request), log }),
    log,
  };
}
