// Test helper: a real agent host on 127.0.0.1 with the teams channel wired to the fake Bot Service
// (the Teams SDK validates real tokens from it), and an agent that records what it was asked.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createAgentHost, memoryStore, silentLogger, type AgentHost, type AgentHostOptions, type AgentTarget, type RunUpdate } from "agent-host";
import type { FakeBotFramework } from "agent-host/testing";
import { teamsChannel, type TeamsChannelOptions } from "../src/channels/teams.ts";

/** The channel options that point the Teams SDK at the fake: its cloud endpoints and its connector. */
export function fakeTeamsOptions(fake: FakeBotFramework): TeamsChannelOptions {
  return { clientId: fake.appId, clientSecret: fake.appPassword, tenantId: fake.tenantId, cloud: fake.teamsCloud, serviceUrl: fake.serviceUrl };
}

export interface RecordingAgent {
  target: AgentTarget;
  calls: Array<{ text: string; isolationKey?: string }>;
}

/** Answers "You said: <text>" word by word, and records every call. */
export function recordingAgent(): RecordingAgent {
  const calls: RecordingAgent["calls"] = [];
  const target: AgentTarget = {
    kind: "agent",
    name: "recorder",
    description: "Echoes and records.",
    async *run(input, context): AsyncGenerator<RunUpdate> {
      const last = input.messages.filter((message) => message.role === "user").at(-1);
      const text = (last?.content ?? []).flatMap((part) => (part.type === "text" ? [part.text] : [])).join("");
      calls.push({ text, isolationKey: context.isolationKey });
      for (const word of `You said: ${text}`.match(/\S+\s*/g) ?? []) yield { type: "text-delta", text: word };
    },
  };
  return { target, calls };
}

export interface TestBot {
  url: string;
  /** `<url>/teams/api/messages`, the bot's messaging endpoint. */
  endpoint: string;
  host: AgentHost;
  agent: RecordingAgent;
  close(): Promise<void>;
}

export async function startBot(fake: FakeBotFramework, options: { channel?: TeamsChannelOptions; host?: Partial<AgentHostOptions> } = {}): Promise<TestBot> {
  const agent = recordingAgent();
  const host = createAgentHost({ target: agent.target, channels: [teamsChannel({ ...fakeTeamsOptions(fake), ...options.channel })], store: memoryStore(), logger: silentLogger, ...options.host });
  const { url } = await host.serve({ port: 0 });
  return { url, endpoint: `${url}${options.channel?.path ?? "/teams"}/api/messages`, host, agent, close: () => host.close({ timeoutMs: 2000 }) };
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

/** An HTTP server on 127.0.0.1 that records every request: a serviceUrl the bot must never call. */
export async function startRecorder(): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ id: "recorded" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { url, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
