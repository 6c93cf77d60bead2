// The agent the chat conformance suite runs: echoes like echoAgent, answers `long <n>` with n characters
// of numbered words (to test splitting), and records every call with its isolation key.
import type { AgentTarget, ChatMessage, RunUpdate } from "../target/types.ts";

export interface ConformanceAgent {
  target: AgentTarget;
  calls: Array<{ text: string; isolationKey?: string; sessionId?: string }>;
  /** The exact answer to `long <length>`. */
  longAnswer(length: number): string;
}

export function conformanceAgent(): ConformanceAgent {
  const calls: ConformanceAgent["calls"] = [];
  const longAnswer = (length: number) => {
    let text = "";
    for (let word = 1; text.length < length; word++) text += `${text ? " " : ""}word${word}`;
    return text;
  };
  const target: AgentTarget = {
    kind: "agent",
    name: "conformance",
    description: "Echoes messages; `long <n>` answers with n characters.",
    async *run(input, context): AsyncGenerator<RunUpdate> {
      const text = lastUserText(input.messages);
      calls.push({ text, isolationKey: context.isolationKey, sessionId: context.sessionId });
      const long = /^long (\d+)$/.exec(text.trim());
      const answer = long ? longAnswer(Number(long[1])) : `You said: ${text}`;
      for (const word of answer.match(/\S+\s*/g) ?? []) yield { type: "text-delta", text: word };
    },
  };
  return { target, calls, longAnswer };
}

function lastUserText(messages: ChatMessage[]): string {
  const last = messages.filter((message) => message.role === "user").at(-1);
  return (last?.content ?? []).flatMap((part) => (part.type === "text" ? [part.text] : [])).join("");
}
