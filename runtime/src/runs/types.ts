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

/** Executes one queued continuation; resolves when its record is final. */
export type RunExecutor = (token: string, signal: AbortSignal) => Promise<void>;

export interface TaskRunner {
  readonly name: string;
  /** Called once by the host before any enqueue. */
  start(executor: RunExecutor): Promise<void>;
  enqueue(token: string): Promise<void>;
  /** Aborts the run if this runner is executing it. Resolves whether it was. */
  cancel(token: string): Promise<boolean>;
  /** Resolves when everything queued or running has finished. */
  drain(): Promise<void>;
  close(): Promise<void>;
}
