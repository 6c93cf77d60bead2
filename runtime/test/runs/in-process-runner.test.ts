// The in-process TaskRunner passes the runner conformance suite, plus its own concurrency bound
// (the default runner of every host).
import { describe, expect, it } from "vitest";
import { inProcessRunner } from "../../src/runs/in-process-runner.ts";
import { describeTaskRunnerConformance } from "../../src/testing/runner-conformance.ts";

describeTaskRunnerConformance("in-process", () => inProcessRunner({ concurrency: 3 }));

describe("in-process runner", () => {
  it("never runs more than `concurrency` tokens at once", async () => {
    const runner = inProcessRunner({ concurrency: 3 });
    let active = 0;
    let peak = 0;
    await runner.start(async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 10));
      active--;
    });
    for (let i = 0; i < 10; i++) await runner.enqueue(`t${i}`);
    await runner.drain();
    expect(peak).toBe(3);
    await runner.close();
  });
});
