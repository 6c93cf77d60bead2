// Tests for defineWorkflow: step order and events, live emitted text, the value and final text,
// failures that name the step, abort between steps, and parseInput errors.
import { describe, it, expect } from "vitest";
import { z } from "zod";
import { collectResult } from "../../src/target/result.ts";
import { defineWorkflow } from "../../src/target/workflow.ts";
import type { RunUpdate, TargetContext } from "../../src/target/types.ts";

const context = (signal = new AbortController().signal): TargetContext => ({ signal, channel: "test", options: {} });

async function updatesOf(stream: AsyncIterable<RunUpdate>): Promise<RunUpdate[]> {
  const updates: RunUpdate[] = [];
  for await (const update of stream) updates.push(update);
  return updates;
}

const numbers = defineWorkflow({
  name: "numbers",
  description: "Doubles, then describes.",
  parseInput: z.object({ n: z.number() }).parse,
  steps: [
    { name: "double", run: ({ n }) => n * 2 },
    { name: "describe", run: async (doubled: number) => `The answer is ${doubled}.` },
  ],
});

describe("defineWorkflow", () => {
  it("is a workflow target that keeps name, description and parseInput", () => {
    expect(numbers).toMatchObject({ kind: "workflow", name: "numbers", description: "Doubles, then describes." });
    expect(numbers.parseInput?.({ n: 2 })).toEqual({ n: 2 });
  });

  it("lets parseInput errors propagate as thrown errors (the host answers 422)", () => {
    expect(() => numbers.parseInput?.({ n: "two" })).toThrow(z.ZodError);
    expect(defineWorkflow({ name: "raw", steps: [{ name: "only", run: (input) => input }] }).parseInput).toBeUndefined();
  });

  it("runs the steps in order, each fed the previous output, with step events", async () => {
    const updates = await updatesOf(numbers.run({ n: 21 }, context()));
    expect(updates).toEqual([
      { type: "step-start", stepId: "0:double", name: "double" },
      { type: "step-end", stepId: "0:double", name: "double", output: 42 },
      { type: "step-start", stepId: "1:describe", name: "describe" },
      { type: "step-end", stepId: "1:describe", name: "describe", output: "The answer is 42." },
      { type: "value", value: "The answer is 42." },
      { type: "text-delta", text: "The answer is 42." },
    ]);
    const result = await collectResult(numbers.run({ n: 21 }, context()));
    expect(result).toMatchObject({ status: "completed", text: "The answer is 42.", value: "The answer is 42." });
  });

  it("streams emitted text live, inside the step's start and end", async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const workflow = defineWorkflow({
      name: "live",
      steps: [
        {
          name: "slow",
          async run(_input, { emit }) {
            emit("working… ");
            await gate;
            emit("done. ");
            return { ok: true };
          },
        },
      ],
    });
    const iterator = workflow.run(undefined, context())[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ type: "step-start", stepId: "0:slow", name: "slow" });
    // The first chunk arrives while the step is still waiting on the gate.
    expect((await iterator.next()).value).toEqual({ type: "text-delta", text: "working… " });
    release();
    const rest: RunUpdate[] = [];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest.push(next.value);
    expect(rest).toEqual([
      { type: "text-delta", text: "done. " },
      { type: "step-end", stepId: "0:slow", name: "slow", output: { ok: true } },
      { type: "value", value: { ok: true } },
    ]);
  });

  it("shows a non-string value as JSON text when no step emitted text", async () => {
    const workflow = defineWorkflow({ name: "json", steps: [{ name: "make", run: () => ({ items: [1, 2] }) }] });
    const result = await collectResult(workflow.run(undefined, context()));
    expect(result.value).toEqual({ items: [1, 2] });
    expect(JSON.parse(result.text)).toEqual({ items: [1, 2] });
  });

  it("appends a string result after emitted progress, but not when the step already streamed it", async () => {
    const progress = defineWorkflow({
      name: "progress",
      steps: [{ name: "write", run: (_input, { emit }) => (emit("Thinking…"), "Final answer.") }],
    });
    expect((await collectResult(progress.run(undefined, context()))).text).toBe("Thinking…\n\nFinal answer.");
    const streamed = defineWorkflow({
      name: "streamed",
      steps: [{ name: "write", run: (_input, { emit }) => (emit("Final "), emit("answer."), "Final answer.") }],
    });
    expect((await collectResult(streamed.run(undefined, context()))).text).toBe("Final answer.");
  });

  it("stops at a failing step with a workflow_step_failed error naming it", async () => {
    const ran: string[] = [];
    const workflow = defineWorkflow({
      name: "fragile",
      steps: [
        { name: "fetch", run: () => (ran.push("fetch"), "data") },
        { name: "parse", run: () => { ran.push("parse"); throw new Error("unexpected token"); } },
        { name: "save", run: () => (ran.push("save"), "saved") },
      ],
    });
    const updates = await updatesOf(workflow.run(undefined, context()));
    expect(ran).toEqual(["fetch", "parse"]);
    expect(updates.at(-1)).toEqual({
      type: "error",
      error: { code: "workflow_step_failed", message: 'Workflow step "parse" (step 2 of 3) failed: unexpected token' },
    });
    expect(updates.some((update) => update.type === "step-end" && update.name === "parse")).toBe(false);
    expect((await collectResult(workflow.run(undefined, context()))).status).toBe("failed");
  });

  it("stops before the next step once the signal is aborted", async () => {
    const controller = new AbortController();
    const ran: string[] = [];
    const workflow = defineWorkflow({
      name: "cancellable",
      steps: [
        { name: "first", run: () => { ran.push("first"); controller.abort(); return 1; } },
        { name: "second", run: () => (ran.push("second"), 2) },
      ],
    });
    const updates = await updatesOf(workflow.run(undefined, context(controller.signal)));
    expect(ran).toEqual(["first"]);
    expect(updates.map((update) => update.type)).toEqual(["step-start", "step-end"]);
  });

  it("treats a step that throws because of the abort as cancelled, not failed", async () => {
    const controller = new AbortController();
    const workflow = defineWorkflow({
      name: "aborting",
      steps: [{ name: "wait", run: (_input, { signal }) => { controller.abort(); signal.throwIfAborted(); } }],
    });
    const updates = await updatesOf(workflow.run(undefined, context(controller.signal)));
    expect(updates).toEqual([{ type: "step-start", stepId: "0:wait", name: "wait" }]);
  });
});
