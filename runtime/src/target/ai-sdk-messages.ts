// Maps the host's ChatMessage history onto AI SDK ModelMessages. System messages become instructions
// (the SDK rejects them inside `messages`); assistant tool results move into their own tool message.
import type { AssistantContent, FilePart, JSONValue, ModelMessage, TextPart, ToolContent, UserContent } from "ai";
import type { ChatMessage, ContentPart } from "./types.ts";

type UserPart = Exclude<UserContent, string>[number];
type AssistantPart = Exclude<AssistantContent, string>[number];
type ToolResultOutput = Extract<ToolContent[number], { type: "tool-result" }>["output"];

export interface ModelPrompt {
  /** The text of system messages found in the history, in order. */
  instructions: string[];
  messages: ModelMessage[];
}

export function toModelPrompt(history: ChatMessage[]): ModelPrompt {
  const instructions: string[] = [];
  const messages: ModelMessage[] = [];
  for (const message of history) {
    if (message.role === "system") {
      const text = message.content.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("");
      if (text) instructions.push(text);
    } else if (message.role === "user") {
      const content = message.content.flatMap(toUserPart);
      if (content.length > 0) messages.push({ role: "user", content });
    } else {
      messages.push(...toAssistantMessages(message.content));
    }
  }
  return { instructions, messages };
}

/** User messages carry text and files; tool and reasoning parts have no user-side meaning and are dropped. */
function toUserPart(part: ContentPart): UserPart[] {
  if (part.type === "text") return [{ type: "text", text: part.text }];
  if (part.type === "data" || part.type === "uri") return [toFilePart(part)];
  return [];
}

/** Splits one assistant turn into assistant and tool messages, keeping the order of its parts. */
function toAssistantMessages(parts: ContentPart[]): ModelMessage[] {
  const messages: ModelMessage[] = [];
  for (const part of parts) {
    if (part.type === "tool-result") {
      const output = toToolOutput(part.output, part.isError);
      const result = { type: "tool-result" as const, toolCallId: part.toolCallId, toolName: part.toolName, output };
      const last = messages.at(-1);
      if (last?.role === "tool") last.content.push(result);
      else messages.push({ role: "tool", content: [result] });
      continue;
    }
    const converted = toAssistantPart(part);
    if (!converted) continue;
    const last = messages.at(-1);
    if (last?.role === "assistant" && Array.isArray(last.content)) last.content.push(converted);
    else messages.push({ role: "assistant", content: [converted] });
  }
  return messages;
}

function toAssistantPart(part: ContentPart): AssistantPart | undefined {
  switch (part.type) {
    case "text":
    case "reasoning":
      return { type: part.type, text: part.text };
    case "tool-call":
      return { type: "tool-call", toolCallId: part.toolCallId, toolName: part.toolName, input: part.input };
    case "data":
    case "uri":
      return toFilePart(part);
    default:
      // Error parts record a failed turn for the user; the model does not need to see them.
      return undefined;
  }
}

function toFilePart(part: Extract<ContentPart, { type: "data" | "uri" }>): FilePart | TextPart {
  if (part.type === "data") {
    const filename = part.name ? { filename: part.name } : {};
    return { type: "file", mediaType: part.mediaType, data: { type: "data", data: part.data }, ...filename };
  }
  const url = URL.canParse(part.uri) ? new URL(part.uri) : undefined;
  // Without a media type (or a parseable URL) the model cannot fetch the file, so it sees the link as text.
  if (!url || !part.mediaType) return { type: "text", text: part.title ? `${part.title}: ${part.uri}` : part.uri };
  return { type: "file", mediaType: part.mediaType, data: { type: "url", url }, ...(part.title ? { filename: part.title } : {}) };
}

function toToolOutput(output: unknown, isError: boolean | undefined): ToolResultOutput {
  if (typeof output === "string") return { type: isError ? "error-text" : "text", value: output };
  try {
    // A JSON round trip drops what JSON cannot hold (functions, undefined) so the value is a valid JSONValue.
    const value: unknown = JSON.parse(JSON.stringify(output) ?? "null");
    return { type: isError ? "error-json" : "json", value: value as JSONValue };
  } catch {
    return { type: isError ? "error-text" : "text", value: String(output) };
  }
}
