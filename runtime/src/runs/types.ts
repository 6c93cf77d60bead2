// Background runs: the ContinuationToken record a caller polls, and the TaskRunner seam that
// executes queued runs (in-process by default; a distributed runner plugs in the same way).
import type { ChannelRequest, ResponseTarget } from "../channel/request.ts";
import type { ResolvedSession } from "../channel/types.ts";
import type { RunError, RunResult } from "../target/types.ts";

export type ContinuationStatus = "queued" | "running" | "completed" | "failed" | "cancelled";

export interface ContinuationToken {
  /** Opaque, URL-safe. Channels may use it as their own id (a Responses `resp_…` id). */
  token: string;
  status: ContinuationStatus;
  channel: string;
  isolationKey?: string;
  session?: ResolvedSession;
  responseTarget: ResponseTarget;
  createdAt: string;
  updatedAt: string;
  completedAt?: string;
  result?: RunResult;
  error?: RunError;
  /** The resolved request, kept so any worker can execute or resume it. */
  request: ChannelRequest;
  attempts: number;
}

/** What a runner tells the executor about this execution of a run (absent = a first attempt). */
export interface RunAttempt {
  /**
   * 1 for the first execution. Higher when a distributed runner runs it again because an earlier
   * attempt crashed, lost its lock or threw: the executor may then take over a run left "running".
   */
  attempt: number;
  /** Set when the runner gives up (attempts exhausted): record the run failed with this reason instead of running it. */
  giveUp?: string;
}

/** Executes one queued continuation; resolves when its record is final. */
export type RunExecutor = (token: string, signal: AbortSignal, attempt?: RunAttempt) => Promise<void>;

export interface RunnerStartOptions {
  /** false: only enqueue here (an `ephemeral` host with a distributed runner); workers elsewhere execute. Default true. */
  execute?: boolean;
}

export interface TaskRunner {
  readonly name: string;
  /**
   * True when queued runs live outside this process (BullMQ) and any replica's worker may execute
   * them. The host then skips its own restart recovery, and in `ephemeral` mode only enqueues.
   */
  readonly distributed?: boolean;
  /** Called once by the host before any enqueue. */
  start(executor: RunExecutor, options?: RunnerStartOptions): Promise<void>;
  enqueue(token: string): Promise<void>;
  /** Drops the run if queued, or aborts it where it executes (any replica, for a distributed runner). Resolves whether it was queued or running. */
  cancel(token: string): Promise<boolean>;
  /** Resolves when everything this runner queued or is running has finished. */
  drain(): Promise<void>;
  close(): Promise<void>;
}
