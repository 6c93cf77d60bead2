// The offline default agent: deterministically streams "You said: <text>" back word by word.
// Tests lean on it for session continuity (the message counter) and the failure path ("/fail").
import type { AgentTarget, ChatMessage, RunUpdate, TargetContext } from "./types.ts";

export interface EchoAgentOptions {
  name?: string;
  description?: string;
  /** Pause between words in milliseconds; 0 (the default) streams without any timers. */
  delayMs?: number;
}

/** An agent that needs no model or network: handy as a default, in demos and in tests. */
export function echoAgent(options: EchoAgentOptions = {}): AgentTarget {
  const delayMs = Math.max(0, options.delayMs ?? 0);
  return {
    kind: "agent",
    name: options.name ?? "echo",
    description: options.description ?? "Echoes your last message back, word by word. Works offline.",
    run: (input, context) => echo(input.messages, context, delayMs),
  };
}

async function* echo(messages: ChatMessage[], context: TargetContext, delayMs: number): AsyncGenerator<RunUpdate> {
  const userMessages = messages.filter((message) => message.role === "user");
  const text = textOf(userMessages.at(-1));
  if (text.trimStart().startsWith("/fail")) {
    yield { type: "error", error: { code: "echo_failure", message: "The echo agent was asked to fail." } };
    return;
  }
  const count = userMessages.length;
  const reply = `You said: ${text}${count > 1 ? ` (message ${count} in this conversation)` : ""}`;
  // Each word keeps its following whitespace, so joining the deltas gives back `reply` exactly.
  const words = reply.match(/\S+\s*/g) ?? [];
  for (const [index, word] of words.entries()) {
    if (context.signal.aborted) return;
    if (index > 0 && delayMs > 0 && !(await sleep(delayMs, context.signal))) return;
    yield { type: "text-delta", text: word };
  }
  const inputTokens = messages.reduce((sum, message) => sum + countWords(textOf(message)), 0);
  yield { type: "usage", usage: { inputTokens, outputTokens: words.length, totalTokens: inputTokens + words.length } };
}

function textOf(message: ChatMessage | undefined): string {
  return (message?.content ?? []).flatMap((part) => (part.type === "text" ? [part.text] : [])).join("");
}

function countWords(text: string): number {
  return text.match(/\S+/g)?.length ?? 0;
}

/** Resolves true after `ms`, or false as soon as `signal` aborts; never leaves a timer or listener behind. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
