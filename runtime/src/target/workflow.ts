// defineWorkflow: a WorkflowTarget made of named steps that run in order, each fed the previous output.
// Steps stream progress as step-start/step-end and text-delta updates; the last output is the value.
import { runStep } from "./workflow-step.ts";
import type { WorkflowStep } from "./workflow-step.ts";
import type { RunUpdate, TargetContext, WorkflowTarget } from "./types.ts";

export type { WorkflowStep, WorkflowStepContext } from "./workflow-step.ts";

export interface WorkflowDefinition<Input, Output> {
  name: string;
  description?: string;
  /**
   * Validates and types the raw input (e.g. `schema.parse`). The host calls it before `run`; whatever
   * it throws propagates unchanged and the host answers 422. Without it the input is passed through as is.
   */
  parseInput?: (input: unknown) => Input;
  /** Run in order; the first receives the parsed input, the last one's output becomes the result value. */
  steps: WorkflowSteps<Input, Output>;
}

/**
 * At least one step. The first step's input is typed from `parseInput`; steps after it see `unknown`
 * unless you annotate their `run` parameter (not checked at runtime: validate in `parseInput`).
 * Giving `Output` explicitly (`defineWorkflow<Input, Report>`) checks the last step's return type.
 */
export type WorkflowSteps<Input, Output> =
  | readonly [WorkflowStep<Input, Output>]
  | readonly [WorkflowStep<Input>, ...WorkflowStep[], WorkflowStep<unknown, Output>];

/**
 * Defines a workflow target. For each step it emits `step-start`, the step's `emit`ted text as
 * `text-delta`s, then `step-end` with the output (stepId `<index>:<name>`). The last output becomes a
 * `value` update; a string output is also the final text (skipped when the step already streamed it),
 * and a non-string output is shown as JSON text when no step emitted any text. A step that throws ends
 * the run with an `error` update (`workflow_step_failed`) naming the step; an aborted signal stops
 * the run before the next step.
 */
export function defineWorkflow<Input = unknown, Output = unknown>(
  definition: WorkflowDefinition<Input, Output>,
): WorkflowTarget<Input> {
  const { parseInput } = definition;
  return {
    kind: "workflow",
    name: definition.name,
    ...(definition.description !== undefined ? { description: definition.description } : {}),
    ...(parseInput ? { parseInput: (input: unknown) => parseInput(input) } : {}),
    run: (input, context) => runWorkflow(definition.steps, input, context),
  };
}

async function* runWorkflow(
  steps: readonly WorkflowStep[],
  input: unknown,
  context: TargetContext,
): AsyncGenerator<RunUpdate> {
  let current = input;
  let emitted = "";
  for (const [index, step] of steps.entries()) {
    if (context.signal.aborted) return;
    const stepId = `${index}:${step.name}`;
    yield { type: "step-start", stepId, name: step.name };
    const outcome = runStep(step, current, context.signal);
    for await (const text of outcome.texts) {
      emitted += text;
      yield { type: "text-delta", text };
    }
    const result = await outcome.result;
    if (!result.ok) {
      if (context.signal.aborted) return;
      const position = `step ${index + 1} of ${steps.length}`;
      const message = `Workflow step "${step.name}" (${position}) failed: ${describe(result.error)}`;
      yield { type: "error", error: { code: "workflow_step_failed", message } };
      return;
    }
    current = result.value;
    yield { type: "step-end", stepId, name: step.name, output: current };
  }
  yield { type: "value", value: current };
  const text = finalText(current, emitted);
  if (text) yield { type: "text-delta", text };
}

function finalText(output: unknown, emitted: string): string {
  if (typeof output === "string") {
    if (output === "" || emitted.endsWith(output)) return "";
    return emitted === "" || emitted.endsWith("\n") ? output : `\n\n${output}`;
  }
  if (emitted !== "" || output === undefined) return "";
  return JSON.stringify(output, null, 2) ?? "";
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return typeof error === "string" ? error : "it threw a non-Error value";
}
