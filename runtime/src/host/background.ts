// Background runs: record a queued continuation, hand its token to the TaskRunner, and execute it
// from the stored request — so any worker can run it, a cancel wins races, and restarts lose nothing.
import { randomUUID } from "node:crypto";
import type { ChannelRequest } from "../channel/request.ts";
import {
  newContinuationToken,
  readContinuation,
  saveNewContinuation,
  transitionContinuation,
} from "../runs/continuations.ts";
import type { ContinuationToken, RunAttempt, TaskRunner } from "../runs/types.ts";
import type { HostStateStore } from "../stores/types.ts";
import type { RunResult } from "../target/types.ts";
import { executeTurn, type ExecuteDeps } from "./execute.ts";
import type { PreparedTurn } from "./prepare.ts";

export interface BackgroundDeps extends ExecuteDeps {
  store: HostStateStore;
  runner: TaskRunner;
  /** Runs once a run's final record is stored (out-of-band delivery); must not throw. */
  afterRun?: (record: ContinuationToken, result: RunResult, assistantMessageId: string) => Promise<void>;
}

export async function queueBackgroundRun(deps: BackgroundDeps, turn: PreparedTurn, token?: string): Promise<ContinuationToken> {
  const now = new Date().toISOString();
  const request: ChannelRequest = { ...turn.request, background: true, stream: false };
  const record: ContinuationToken = {
    token: token ?? newContinuationToken(),
    status: "queued",
    channel: request.channel,
    responseTarget: request.responseTarget,
    createdAt: now,
    updatedAt: now,
    request,
    attempts: 0,
    ...(turn.isolationKey ? { isolationKey: turn.isolationKey } : {}),
    ...(turn.session ? { session: turn.session } : {}),
  };
  await saveNewContinuation(deps.store, record);
  await deps.runner.enqueue(record.token);
  return record;
}

/** The RunExecutor the host gives its runner. */
export function backgroundExecutor(deps: BackgroundDeps, targetInput: (request: ChannelRequest) => unknown) {
  return async (token: string, signal: AbortSignal, attempt?: RunAttempt): Promise<void> => {
    if (attempt?.giveUp) {
      await transitionContinuation(deps.store, token, () => ({ status: "failed", error: { code: "retries_exhausted", message: attempt.giveUp as string } }));
      return;
    }
    // A retry (a distributed runner's earlier attempt crashed or threw) may take over a run left "running".
    const retry = (attempt?.attempt ?? 1) > 1;
    const claimed = await transitionContinuation(deps.store, token, (current) =>
      current.status === "queued" || (retry && current.status === "running") ? { status: "running", attempts: current.attempts + 1 } : undefined,
    );
    if (!claimed.changed || !claimed.record) return; // cancelled, finished, or claimed elsewhere
    const record = claimed.record;
    const assistantMessageId = `msg_${randomUUID()}`; // known before the run, so delivery can annotate it
    const turn: PreparedTurn = {
      request: record.request,
      targetInput: targetInput(record.request),
      assistantMessageId,
      ...(record.isolationKey ? { isolationKey: record.isolationKey } : {}),
      ...(record.session ? { session: record.session } : {}),
    };
    try {
      const stream = await executeTurn(deps, turn, signal);
      const result = await stream.result;
      const final = await transitionContinuation(deps.store, token, () =>
        result.status === "failed"
          ? { status: "failed", result, ...(result.error ? { error: result.error } : {}) }
          : result.status === "cancelled"
            ? { status: "cancelled", result }
            : { status: "completed", result },
      );
      if (final.changed && final.record) await deps.afterRun?.(final.record, result, assistantMessageId);
    } catch (error) {
      const message = error instanceof Error ? error.message : "The background run failed.";
      await transitionContinuation(deps.store, token, () => ({ status: "failed", error: { code: "run_failed", message } }));
    }
  };
}

export async function cancelBackgroundRun(deps: BackgroundDeps, token: string): Promise<ContinuationToken | undefined> {
  const { record } = await transitionContinuation(deps.store, token, () => ({ status: "cancelled" }));
  await deps.runner.cancel(token);
  return record ?? (await readContinuation(deps.store, token));
}
