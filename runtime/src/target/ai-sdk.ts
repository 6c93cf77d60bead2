// aiSdkAgent: hosts an AI SDK (`ai` v7) language model as an AgentTarget. It maps the session history
// to ModelMessages, streams `streamText`, and turns each stream part into a RunUpdate.
import { isStepCount, streamText } from "ai";
import type { LanguageModel, LanguageModelUsage, TextStreamPart, ToolSet } from "ai";
import { toModelPrompt } from "./ai-sdk-messages.ts";
import type { AgentInput, AgentTarget, RunUpdate, TargetContext, Usage } from "./types.ts";

type StreamTextOptions = Parameters<typeof streamText>[0];

export interface AiSdkAgentOptions {
  model: LanguageModel;
  /** The agent's own system prompt; the request's `instructions` and history system messages follow it. */
  system?: string;
  tools?: ToolSet;
  name?: string;
  description?: string;
  /** Most model calls in one turn (each tool round trip is one more). Defaults to 5. */
  maxSteps?: number;
  providerOptions?: StreamTextOptions["providerOptions"];
}

/**
 * Wraps an AI SDK model. Model and stream errors never throw out of `run`: they become an `error`
 * update (code = the error's name, message = the error's message only). Cancelling `context.signal`
 * aborts the model call and ends the stream without an error update.
 */
export function aiSdkAgent(options: AiSdkAgentOptions): AgentTarget {
  return {
    kind: "agent",
    name: options.name ?? "assistant",
    ...(options.description !== undefined ? { description: options.description } : {}),
    run: (input, context) => runModel(options, input, context),
  };
}

async function* runModel(options: AiSdkAgentOptions, input: AgentInput, context: TargetContext): AsyncGenerator<RunUpdate> {
  const prompt = toModelPrompt(input.messages);
  const instructions = [options.system, ...prompt.instructions, input.instructions].filter((text) => !!text?.trim()).join("\n\n");
  try {
    const result = streamText({
      model: options.model,
      messages: prompt.messages,
      abortSignal: context.signal,
      stopWhen: isStepCount(options.maxSteps ?? 5),
      ...(instructions ? { instructions } : {}),
      ...(options.tools ? { tools: options.tools } : {}),
      ...(options.providerOptions ? { providerOptions: options.providerOptions } : {}),
      ...numberSetting("temperature", context.options.temperature),
      ...numberSetting("maxOutputTokens", context.options.maxOutputTokens),
      // Errors arrive as `error` stream parts and are reported below; without this the SDK logs them too.
      onError: () => {},
    });
    for await (const part of result.stream) {
      const update = toRunUpdate(part);
      if (update) yield update;
    }
  } catch (error) {
    if (context.signal.aborted) return;
    yield errorUpdate(error);
  }
}

function toRunUpdate(part: TextStreamPart<ToolSet>): RunUpdate | undefined {
  switch (part.type) {
    case "text-delta":
    case "reasoning-delta":
      return part.text ? { type: part.type, text: part.text } : undefined;
    case "tool-call":
      return { type: "tool-call", toolCallId: part.toolCallId, toolName: part.toolName, input: part.input };
    case "tool-result":
      // Preliminary results are progress reports of a streaming tool; only the final one is kept.
      if (part.preliminary) return undefined;
      return { type: "tool-result", toolCallId: part.toolCallId, toolName: part.toolName, output: part.output };
    case "tool-error":
    case "tool-output-denied": {
      const output = part.type === "tool-error" ? messageOf(part.error) : "The tool call was denied.";
      return { type: "tool-result", toolCallId: part.toolCallId, toolName: part.toolName, output, isError: true };
    }
    case "file":
      return { type: "file", mediaType: part.file.mediaType, data: part.file.base64 };
    case "finish":
      return { type: "usage", usage: toUsage(part.totalUsage) };
    case "error":
      return errorUpdate(part.error);
    default:
      // Lifecycle parts (start/finish-step, text-start/end, tool input deltas, sources, raw, …) carry
      // nothing a RunResult keeps.
      return undefined;
  }
}

function toUsage(usage: LanguageModelUsage): Usage {
  return {
    ...(usage.inputTokens !== undefined ? { inputTokens: usage.inputTokens } : {}),
    ...(usage.outputTokens !== undefined ? { outputTokens: usage.outputTokens } : {}),
    ...(usage.totalTokens !== undefined ? { totalTokens: usage.totalTokens } : {}),
  };
}

function errorUpdate(error: unknown): RunUpdate {
  const code = error instanceof Error && error.name ? error.name : "model_error";
  return { type: "error", error: { code, message: messageOf(error) } };
}

/** Only the message: API errors also carry request bodies and headers that must not reach callers. */
function messageOf(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  if (typeof error === "string" && error) return error;
  return "The model call failed without an error message.";
}

function numberSetting<Key extends "temperature" | "maxOutputTokens">(key: Key, value: unknown): Partial<Record<Key, number>> {
  return typeof value === "number" && Number.isFinite(value) ? ({ [key]: value } as Record<Key, number>) : {};
}
