// Tests for the example workflow: it accepts `{ topic }` or plain chat text, runs its two steps in
// order and produces the same paragraph every time.
import { describe, it, expect } from "vitest";
import { collectResult } from "agent-host";
import type { RunUpdate, TargetContext } from "agent-host";
import { target } from "../src/agent.ts";

const context = (): TargetContext => ({ signal: new AbortController().signal, channel: "test", options: {} });

function parse(input: unknown) {
  if (!target.parseInput) throw new Error("The example workflow should validate its input.");
  return target.parseInput(input);
}

describe("example workflow", () => {
  it("accepts { topic } and plain chat text, and rejects an empty topic", () => {
    expect(parse({ topic: "tea" })).toEqual({ topic: "tea" });
    expect(parse("  tea \n")).toEqual({ topic: "tea" });
    expect(() => parse({ topic: " " })).toThrow();
    expect(() => parse(42)).toThrow();
  });

  it("runs the outline step, then the draft step", async () => {
    const steps: string[] = [];
    for await (const update of target.run(parse("tea"), context())) {
      if (update.type === "step-start" || update.type === "step-end") steps.push(`${update.type} ${update.stepId}`);
    }
    expect(steps).toEqual(["step-start 0:outline", "step-end 0:outline", "step-start 1:draft", "step-end 1:draft"]);
  });

  it("passes the outline to the draft and returns a deterministic paragraph", async () => {
    const updates: RunUpdate[] = [];
    for await (const update of target.run(parse({ topic: "tea" }), context())) updates.push(update);
    const outline = updates.find((update) => update.type === "step-end" && update.name === "outline");
    expect(outline).toMatchObject({ output: ["What tea is", "Why tea matters", "How to take a first step with tea"] });

    const paragraph =
      "This short note covers what tea is, why tea matters, and how to take a first step with tea. " +
      "Each point builds on the one before it, so by the end you know enough to begin.";
    const result = await collectResult(target.run(parse({ topic: "tea" }), context()));
    expect(result.status).toBe("completed");
    expect(result.value).toBe(paragraph);
    expect(result.text).toBe(`Outlining "tea"…\nDrafting from the outline…\n\n${paragraph}`);
    expect((await collectResult(target.run(parse("tea"), context()))).text).toBe(result.text);
  });
});
