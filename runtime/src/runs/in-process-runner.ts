// The default TaskRunner: executes background runs in this process with bounded concurrency.
// No timers; work starts when enqueued, and drain() resolves when nothing is queued or running.
import type { RunExecutor, TaskRunner } from "./types.ts";

export interface InProcessRunnerOptions {
  /** Runs executed at once; more wait in a FIFO queue. Default 8. */
  concurrency?: number;
}

export function inProcessRunner(options: InProcessRunnerOptions = {}): TaskRunner {
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const queue: string[] = [];
  const running = new Map<string, AbortController>();
  let idleWaiters: Array<() => void> = [];
  let execute: RunExecutor | undefined;
  let closed = false;

  const settleIdle = () => {
    if (queue.length > 0 || running.size > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  const pump = () => {
    while (execute && running.size < concurrency && queue.length > 0) {
      const token = queue.shift() as string;
      const controller = new AbortController();
      running.set(token, controller);
      execute(token, controller.signal)
        .catch(() => {}) // the executor records its own failures on the continuation
        .finally(() => {
          running.delete(token);
          pump();
          settleIdle();
        });
    }
  };

  return {
    name: "in-process",
    async start(executor) {
      execute = executor;
      pump();
    },
    async enqueue(token) {
      if (closed) throw new Error("The in-process runner is closed; it cannot accept new background runs.");
      queue.push(token);
      pump();
    },
    async cancel(token) {
      const index = queue.indexOf(token);
      if (index >= 0) queue.splice(index, 1);
      const controller = running.get(token);
      controller?.abort(new Error("cancelled"));
      settleIdle();
      return index >= 0 || controller !== undefined;
    },
    drain() {
      if (queue.length === 0 && running.size === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    async close() {
      closed = true;
      queue.length = 0;
      for (const controller of running.values()) controller.abort(new Error("host shutting down"));
      await this.drain();
    },
  };
}
