// A distributed TaskRunner on BullMQ (Redis): any replica enqueues background runs, any worker executes
// them, a crashed worker's runs are retried after its lock expires, and a cancel reaches whichever worker runs it.
import { Queue, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import { bullmqConnection, jobIdOf, ownConnection, type RunnerConnection } from "./_bullmq-connection.ts";
import type { RunExecutor, RunnerStartOptions, TaskRunner } from "./types.ts";

export interface BullmqRunnerOptions {
  /** Redis for the queue: a URL (usually `env.REDIS_URL`), ioredis options or an ioredis client. */
  connection: RunnerConnection;
  /** Queue name; replicas of one app share it. Default `agent-host-runs`. */
  queueName?: string;
  /** BullMQ key prefix in Redis. Default `bull`. */
  prefix?: string;
  /** Runs one process executes at once. Default 8. */
  concurrency?: number;
  /** Executions a run gets before it is recorded failed (a crash or a thrown executor uses one). Default 3. */
  attempts?: number;
  /** Wait before a retry: a fixed delay in ms, or BullMQ's backoff. Default exponential from 1000 ms. */
  backoff?: number | { type: "fixed" | "exponential"; delay: number };
  /** A worker's lock on a run; a dead worker's runs are retried after it lapses. Default 30000 ms. */
  lockDurationMs?: number;
  /** How often workers look for runs whose worker died. Default 30000 ms (or lockDurationMs, if lower). */
  stalledIntervalMs?: number;
  /** How long close() waits for runs executing here before it aborts them. Default 30000 ms. */
  closeTimeoutMs?: number;
}

interface RunJob {
  token: string;
}

const FINISHED = new Set(["completed", "failed", "unknown"]);
/** Every this many tracked queued runs, enqueue forgets the finished ones (drain() tracks the rest). */
const TRACKED_LIMIT = 1000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function bullmqRunner(options: BullmqRunnerOptions): TaskRunner {
  const queueName = options.queueName ?? "agent-host-runs";
  const prefix = options.prefix ?? "bull";
  const attempts = Math.max(1, options.attempts ?? 3);
  const lockDuration = options.lockDurationMs ?? 30_000;
  const connection = bullmqConnection(options.connection);
  const cancelChannel = `${prefix}:${queueName}:agent-host-cancel`;
  let created: Queue<RunJob> | undefined;
  /** The queue, connected on first use: creating the runner opens no connection. */
  const queue = () => {
    if (!created) {
      created = new Queue<RunJob>(queueName, { connection, prefix });
      created.on("error", () => {}); // connection hiccups: BullMQ reconnects; a failing call rejects with the reason
    }
    return created;
  };
  const running = new Map<string, AbortController>();
  const enqueued = new Set<string>();
  let worker: Worker<RunJob> | undefined;
  let subscriber: Redis | undefined;
  let publisher: Redis | undefined;
  let closed = false;

  const backoff = typeof options.backoff === "number" ? { type: "fixed", delay: options.backoff } : (options.backoff ?? { type: "exponential", delay: 1000 });

  async function processRun(execute: RunExecutor, job: Job<RunJob>, signal?: AbortSignal): Promise<void> {
    const { token } = job.data;
    const attempt = job.attemptsStarted || 1;
    const controller = new AbortController();
    signal?.addEventListener("abort", () => controller.abort(signal.reason), { once: true });
    running.set(token, controller);
    try {
      if (attempt > attempts) {
        // Crashes (stalls) do not count as failed attempts in BullMQ; here every start counts.
        await execute(token, controller.signal, { attempt, giveUp: `The run was started ${attempt - 1} times and never finished (its worker stopped each time).` });
        enqueued.delete(token);
        return;
      }
      try {
        await execute(token, controller.signal, { attempt });
        enqueued.delete(token);
      } catch (error) {
        if (job.attemptsMade + 1 >= attempts) {
          const reason = error instanceof Error ? error.message : String(error);
          await execute(token, controller.signal, { attempt, giveUp: `The run failed ${attempts} times: ${reason}` }).catch(() => {});
          enqueued.delete(token);
        }
        throw error; // BullMQ retries it with backoff while attempts remain
      }
    } finally {
      running.delete(token);
    }
  }

  /** Stops tracking queued runs that finished (here or on another replica). */
  async function forgetFinished(): Promise<void> {
    for (const token of [...enqueued]) {
      if (FINISHED.has(await queue().getJobState(jobIdOf(token)))) enqueued.delete(token);
    }
  }

  /** Tells every worker process to abort the run if it is executing it. */
  async function broadcastCancel(token: string): Promise<void> {
    if (!publisher) {
      publisher = ownConnection(options.connection);
      publisher.on("error", () => {}); // the publish below rejects with the reason
    }
    await publisher.publish(cancelChannel, token);
  }

  async function startWorker(execute: RunExecutor): Promise<void> {
    worker = new Worker<RunJob>(queueName, (job, _lock, signal) => processRun(execute, job, signal), {
      connection,
      prefix,
      concurrency: Math.max(1, options.concurrency ?? 8),
      lockDuration,
      stalledInterval: options.stalledIntervalMs ?? Math.min(30_000, lockDuration),
      maxStalledCount: attempts, // we count starts ourselves (processRun) and record the failure
    });
    worker.on("error", () => {}); // connection hiccups: BullMQ reconnects; failures surface on the jobs
    subscriber = ownConnection(options.connection);
    subscriber.on("error", () => {});
    subscriber.on("message", (_channel: string, token: string) => running.get(token)?.abort(new Error("cancelled")));
    await Promise.all([worker.waitUntilReady(), subscriber.subscribe(cancelChannel)]);
  }

  return {
    name: "bullmq",
    distributed: true,

    async start(execute: RunExecutor, startOptions?: RunnerStartOptions) {
      await queue().waitUntilReady();
      if (startOptions?.execute !== false) await startWorker(execute);
    },

    async enqueue(token) {
      if (closed) throw new Error("The BullMQ runner is closed; it cannot accept new background runs.");
      await queue().add("run", { token }, {
        jobId: jobIdOf(token),
        attempts,
        backoff,
        removeOnComplete: true,
        removeOnFail: { age: 7 * 24 * 3600 }, // kept a week for inspection
      });
      enqueued.add(token);
      if (enqueued.size % TRACKED_LIMIT === 0) await forgetFinished(); // runs other replicas executed
    },

    async cancel(token) {
      const local = running.get(token);
      if (local) {
        local.abort(new Error("cancelled"));
        return true;
      }
      const state = await queue().getJobState(jobIdOf(token));
      if (state === "active") {
        await broadcastCancel(token); // the worker running it aborts it
        return true;
      }
      if (state === "waiting" || state === "delayed" || state === "prioritized") {
        const removed = await queue().remove(jobIdOf(token));
        if (removed) return true;
        await broadcastCancel(token); // it started meanwhile
        return true;
      }
      return false;
    },

    async drain() {
      while (enqueued.size > 0 || running.size > 0) {
        await forgetFinished();
        if (enqueued.size > 0 || running.size > 0) await sleep(20);
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      if (worker) {
        const graceful = worker.close();
        let timer: NodeJS.Timeout | undefined;
        const timedOut = await Promise.race([
          graceful.then(() => false),
          new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), options.closeTimeoutMs ?? 30_000))),
        ]);
        clearTimeout(timer);
        if (timedOut) {
          for (const controller of running.values()) controller.abort(new Error("host shutting down"));
          await worker.close(true);
        }
      }
      for (const own of [subscriber, publisher]) await own?.quit().catch(() => own.disconnect());
      await created?.close();
    },
  };
}
