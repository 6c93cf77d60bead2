// THE conformance suite for TaskRunner implementations (in-process now, distributed runners later):
// every queued token runs once, concurrency holds, cancel stops queued and running work, drain waits.
import { afterEach, describe, expect, it } from "vitest";
import type { RunExecutor, TaskRunner } from "../runs/types.ts";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Registers the TaskRunner conformance tests. `createRunner` returns a fresh runner per test. */
export function describeTaskRunnerConformance(name: string, createRunner: () => TaskRunner | Promise<TaskRunner>): void {
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
      let aborted = false;
      const r = await started(
        (_token, signal) =>
          new Promise<void>((resolve) => {
            signal.addEventListener("abort", () => {
              aborted = true;
              resolve();
            });
          }),
      );
      await r.enqueue("long");
      await sleep(20);
      expect(await r.cancel("long")).toBe(true);
      await r.drain();
      expect(aborted).toBe(true);
      expect(await r.cancel("unknown")).toBe(false);
    });

    it("refuses new work after close()", async () => {
      const r = await started(async () => {});
      await r.close();
      await expect(r.enqueue("late")).rejects.toThrow();
      runner = undefined;
    });
  });
}
