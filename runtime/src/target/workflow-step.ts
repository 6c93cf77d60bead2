// One workflow step and how it is run: the step's result plus the text it `emit`s, streamed live
// while the step is still working (not only after it returns).

export interface WorkflowStepContext {
  /** Aborted when the run is cancelled; pass it on to fetch calls and model calls. */
  signal: AbortSignal;
  /** Streams text to the caller right away (a chat channel shows it as the reply being typed). */
  emit(text: string): void;
}

export interface WorkflowStep<In = unknown, Out = unknown> {
  /** Shown in step events (`stepId` is `<index>:<name>`) and in the error message when the step fails. */
  name: string;
  /** Gets the previous step's output (the first step gets the parsed input); returns this step's output. */
  run(input: In, context: WorkflowStepContext): Promise<Out> | Out;
}

export type StepResult = { ok: true; value: unknown } | { ok: false; error: unknown };

export interface RunningStep {
  /** The emitted text chunks, in order; ends once the step has settled. */
  texts: AsyncIterable<string>;
  /** Settles with the step's output or what it threw; never rejects. */
  result: Promise<StepResult>;
}

/** Starts `step` on the next microtask; emits after the step has settled are dropped. */
export function runStep(step: WorkflowStep, input: unknown, signal: AbortSignal): RunningStep {
  const pending: string[] = [];
  let settled = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const emit = (text: string) => {
    if (settled || text === "") return;
    pending.push(text);
    notify();
  };
  const result: Promise<StepResult> = Promise.resolve()
    .then(() => step.run(input, { signal, emit }))
    .then(
      (value): StepResult => ({ ok: true, value }),
      (error: unknown): StepResult => ({ ok: false, error }),
    )
    .finally(() => {
      settled = true;
      notify();
    });

  async function* texts(): AsyncGenerator<string> {
    for (;;) {
      const next = pending.shift();
      if (next !== undefined) yield next;
      else if (settled) return;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  }
  return { texts: texts(), result };
}
