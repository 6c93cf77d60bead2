// The target seam: an AgentTarget (chat messages in) or a WorkflowTarget (typed input in), both
// streaming RunUpdates that the host folds into one rich RunResult.

/** One ordered piece of a message or result. Channels render what their platform supports. */
export type ContentPart =
  | { type: "text"; text: string }
  | { type: "data"; mediaType: string; data: string /* base64 */; name?: string }
  | { type: "uri"; uri: string; mediaType?: string; title?: string }
  | { type: "tool-call"; toolCallId: string; toolName: string; input: unknown }
  | { type: "tool-result"; toolCallId: string; toolName: string; output: unknown; isError?: boolean }
  | { type: "reasoning"; text: string }
  | { type: "error"; code: string; message: string };

export type ChatRole = "system" | "user" | "assistant";

/** A message as targets see it. */
export interface ChatMessage {
  role: ChatRole;
  content: ContentPart[];
}

export interface Usage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
}

export interface RunError {
  code: string;
  message: string;
}

/** What a target streams while it runs. */
export type RunUpdate =
  | { type: "text-delta"; text: string }
  | { type: "reasoning-delta"; text: string }
  | { type: "tool-call"; toolCallId: string; toolName: string; input: unknown }
  | { type: "tool-result"; toolCallId: string; toolName: string; output: unknown; isError?: boolean }
  | { type: "file"; mediaType: string; data?: string; uri?: string; name?: string }
  | { type: "input-request"; requestId: string; prompt: string; schema?: unknown }
  | { type: "step-start"; stepId: string; name: string }
  | { type: "step-end"; stepId: string; name: string; output?: unknown }
  | { type: "usage"; usage: Usage }
  | { type: "value"; value: unknown }
  | { type: "error"; error: RunError };

export type RunStatus = "completed" | "failed" | "cancelled" | "input_required";

/** The normalized final result of one run: rich parts plus a text projection. */
export interface RunResult {
  status: RunStatus;
  parts: ContentPart[];
  /** Concatenated text parts: the convenience projection most channels send. */
  text: string;
  /** Structured output (a workflow's return value, a structured-output model call). */
  value?: unknown;
  usage?: Usage;
  error?: RunError;
}

/** What the host hands a target besides its input. */
export interface TargetContext {
  /** Aborted when the caller disconnects, the run is cancelled, or the host shuts down. */
  signal: AbortSignal;
  /** The session this turn belongs to, when there is one. */
  sessionId?: string;
  isolationKey?: string;
  channel: string;
  /** Caller settings (temperature, store, …) forwarded from the channel request. */
  options: Record<string, unknown>;
  /** Opaque extras a run hook routed to the target. */
  forwardedProps?: Record<string, unknown>;
}

export interface AgentInput {
  /** Prior conversation followed by the new user message(s). */
  messages: ChatMessage[];
  /** Per-request system instructions (Responses `instructions`), if any. */
  instructions?: string;
}

export interface AgentTarget {
  kind: "agent";
  name: string;
  description?: string;
  run(input: AgentInput, context: TargetContext): AsyncIterable<RunUpdate>;
}

export interface WorkflowTarget<Input = unknown> {
  kind: "workflow";
  name: string;
  description?: string;
  /** Validates and types the input; a run hook adapts chat text into it. Throws on invalid input. */
  parseInput?(input: unknown): Input;
  run(input: Input, context: TargetContext): AsyncIterable<RunUpdate>;
}

/** Either kind; method parameters are bivariant, so any `WorkflowTarget<X>` fits here. */
export type Target = AgentTarget | WorkflowTarget<unknown>;
