// Test helper: a real agent host on 127.0.0.1 with the activity channel wired to the fake Bot Service,
// and an agent that records what it was asked (so tests can prove bad input never reached it).
import { createAgentHost, memoryStore, silentLogger, type AgentHost, type AgentHostOptions, type AgentTarget, type RunUpdate } from "agent-host";
import type { FakeBotFramework } from "agent-host/testing";
import { activityChannel, type ActivityChannelOptions } from "../src/channels/activity.ts";

/** The channel options that point the SDK at the fake: its authority, and its connector as an allowed serviceUrl host. */
export function fakeBotOptions(fake: FakeBotFramework): ActivityChannelOptions {
  return {
    appId: fake.appId,
    appPassword: fake.appPassword,
    tenantId: fake.tenantId,
    authorityEndpoint: fake.authorityEndpoint,
    serviceUrlHosts: [new URL(fake.serviceUrl).hostname],
  };
}

export interface RecordingAgent {
  target: AgentTarget;
  calls: Array<{ text: string; isolationKey?: string }>;
}

/** Answers "You said: <text>" word by word (`long <n>`: n characters), and records every call. */
export function recordingAgent(delayMs = 0): RecordingAgent {
  const calls: RecordingAgent["calls"] = [];
  const target: AgentTarget = {
    kind: "agent",
    name: "recorder",
    description: "Echoes and records.",
    async *run(input, context): AsyncGenerator<RunUpdate> {
      const last = input.messages.filter((message) => message.role === "user").at(-1);
      const text = (last?.content ?? []).flatMap((part) => (part.type === "text" ? [part.text] : [])).join("");
      calls.push({ text, isolationKey: context.isolationKey });
      const long = /^long (\d+)$/.exec(text);
      const answer = long ? Array.from({ length: Number(long[1]) / 10 }, (_, i) => `word${String(i).padStart(4, "0")} `).join("").trim() : `You said: ${text}`;
      for (const word of answer.match(/\S+\s*/g) ?? []) {
        if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
        yield { type: "text-delta", text: word };
      }
    },
  };
  return { target, calls };
}

export interface TestBot {
  url: string;
  /** `<url>/api/messages`, the Bot Service's messaging endpoint. */
  endpoint: string;
  host: AgentHost;
  agent: RecordingAgent;
  close(): Promise<void>;
}

export async function startBot(
  fake: FakeBotFramework,
  options: { channel?: ActivityChannelOptions; extraChannels?: ActivityChannelOptions[]; host?: Partial<AgentHostOptions>; delayMs?: number } = {},
): Promise<TestBot> {
  const agent = recordingAgent(options.delayMs);
  const channels = [options.channel ?? {}, ...(options.extraChannels ?? [])].map((channel) => activityChannel({ ...fakeBotOptions(fake), ...channel }));
  const host = createAgentHost({ target: agent.target, channels, store: memoryStore(), logger: silentLogger, ...options.host });
  const { url } = await host.serve({ port: 0 });
  return { url, endpoint: `${url}${options.channel?.path ?? "/api"}/messages`, host, agent, close: () => host.close({ timeoutMs: 2000 }) };
}

/** Polls until `read()` passes `predicate`; returns the last value. */
export async function waitFor<T>(read: () => T, predicate: (value: T) => boolean, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (predicate(value)) return value;
    if (Date.now() > deadline) throw new Error(`Still ${JSON.stringify(value).slice(0, 500)} after ${timeoutMs} ms.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Time for a wrongly accepted request to reach the agent or the chat. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 150));
