// THE conformance suite for TaskRunner implementations (in-process, BullMQ, and yours):
// every queued token runs once, concurrency holds, cancel stops queued and running work, drain waits.
import { afterEach, describe, expect, it } from "vitest";
import type { RunExecutor, TaskRunner } from "../runs/types.ts";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface RunnerConformanceOptions {
  /**
   * Distributed runners: another runner on the same queue as `runner` (a second replica). Enables the
   * cross-replica checks: enqueue on one, execute on the other, cancel from either.
   */
  peer?: (runner: TaskRunner) => TaskRunner | Promise<TaskRunner>;
}

/** Registers the TaskRunner conformance tests. `createRunner` returns a fresh runner per test. */
export function describeTaskRunnerConformance(
  name: string,
  createRunner: () => TaskRunner | Promise<TaskRunner>,
  options: RunnerConformanceOptions = {},
): void {
  describe(`TaskRunner conformance: ${name}`, () => {
    let runner: TaskRunner | undefined;
    const started = async (executor: RunExecutor) => {
      runner = await createRunner();
      await runner.start(executor);
      return runner;
    };
    afterEach(async () => {
      await runner?.close();
      runner = undefined;
    });

    it("executes every enqueued token exactly once and drain() waits for all of them", async () => {
      const seen: string[] = [];
      const r = await started(async (token) => {
        await sleep(5);
        seen.push(token);
      });
      const tokens = Array.from({ length: 12 }, (_, i) => `t${i}`);
      for (const token of tokens) await r.enqueue(token);
      await r.drain();
      expect([...seen].sort()).toEqual([...tokens].sort());
    });

    it("drain() resolves at once when idle", async () => {
      const r = await started(async () => {});
      await expect(Promise.race([r.drain().then(() => "drained"), sleep(200).then(() => "hung")])).resolves.toBe("drained");
    });

    it("keeps running after an executor throws", async () => {
      const seen: string[] = [];
      const r = await started(async (token) => {
        if (token === "bad") throw new Error("boom");
        seen.push(token);
      });
      await r.enqueue("bad");
      await r.enqueue("good");
      await r.drain();
      expect(seen).toEqual(["good"]);
    });

    it("aborts the signal of a running token on cancel and reports it", async () => {
      const long = runUntilAborted();
      const r = await started(long.executor);
      await r.enqueue("long");
      await long.running;
      expect(await r.cancel("long")).toBe(true);
      await r.drain();
      expect(long.aborted()).toBe(true);
      expect(await r.cancel("unknown")).toBe(false);
    });

    if (options.peer) {
      const peer = options.peer;
      describe("two replicas", () => {
        let other: TaskRunner | undefined;
        afterEach(async () => {
          await other?.close();
          other = undefined;
        });
        /** An enqueue-only runner (an ephemeral replica) and a worker replica on the same queue. */
        const replicas = async (executor: RunExecutor) => {
          runner = await createRunner();
          await runner.start(async () => {
            throw new Error("the enqueue-only replica must not execute runs");
          }, { execute: false });
          other = await peer(runner);
          await other.start(executor);
          return { producer: runner, worker: other };
        };

        it("executes on one replica what another enqueued, and the producer's drain() waits for it", async () => {
          const seen: string[] = [];
          const attempts: number[] = [];
          const { producer } = await replicas(async (token, _signal, attempt) => {
            attempts.push(attempt?.attempt ?? 1);
            seen.push(token);
          });
          for (const token of ["a", "b", "c"]) await producer.enqueue(token);
          await producer.drain();
          expect([...seen].sort()).toEqual(["a", "b", "c"]);
          expect(attempts).toEqual([1, 1, 1]);
        });

        it("aborts a run executing on another replica when cancelled on this one", async () => {
          const remote = runUntilAborted();
          const { producer, worker } = await replicas(remote.executor);
          await producer.enqueue("remote");
          await remote.running;
          expect(await producer.cancel("remote")).toBe(true);
          await worker.drain();
          await producer.drain();
          expect(remote.aborted()).toBe(true);
        });
      });
    }

    it("refuses new work after close()", async () => {
      const r = await started(async () => {});
      await r.close();
      await expect(r.enqueue("late")).rejects.toThrow();
      runner = undefined;
    });
  });
}

/** An executor that runs until its signal aborts: `running` settles once it started, `aborted()` tells. */
function runUntilAborted(): { executor: RunExecutor; running: Promise<void>; aborted: () => boolean } {
  let aborted = false;
  let markRunning: () => void = () => {};
  const running = new Promise<void>((resolve) => (markRunning = resolve));
  const executor: RunExecutor = (_token, signal) =>
    new Promise<void>((resolve) => {
      signal.addEventListener("abort", () => {
        aborted = true;
        resolve();
      });
      markRunning();
    });
  return { executor, running, aborted: () => aborted };
}
