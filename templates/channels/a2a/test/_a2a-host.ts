// Test helper: a real agent host on 127.0.0.1 with the a2a channel, plus the SDK's own client
// (ClientFactory + JSON-RPC transport) that discovered it through the agent card.
import { SendMessageRequest } from "@a2a-js/sdk";
import { ClientFactory, JsonRpcTransportFactory, type Client } from "@a2a-js/sdk/client";
import { createAgentHost, echoAgent, memoryStore, silentLogger, type AgentHost, type HostStateStore, type Logger, type Target, type TaskRunner } from "agent-host";
import { randomUUID } from "node:crypto";
import { a2aChannel, type A2aChannelOptions } from "../src/channels/a2a.ts";

export interface TestHost {
  url: string;
  host: AgentHost;
  client: Client;
  close(): Promise<void>;
}

export interface TestHostOptions {
  channel?: A2aChannelOptions;
  target?: Target;
  store?: HostStateStore;
  runner?: TaskRunner;
  /** Sent by the client as `Authorization: Bearer <key>`. */
  clientKey?: string;
  /** Default: silent. */
  logger?: Logger;
}

export async function startHost(options: TestHostOptions = {}): Promise<TestHost> {
  const host = createAgentHost({
    target: options.target ?? echoAgent(),
    // apiKey/publicUrl "" keep stray AGENT_HOST_* variables in the environment out of the tests.
    channels: [a2aChannel({ apiKey: "", publicUrl: "", ...options.channel })],
    store: options.store ?? memoryStore(),
    ...(options.runner ? { runner: options.runner } : {}),
    logger: options.logger ?? silentLogger,
  });
  const { url } = await host.serve({ port: 0 });
  const client = await connect(`${url}${(options.channel?.path ?? "").replace(/\/+$/, "")}/`, options.clientKey);
  return { url, host, client, close: () => host.close({ timeoutMs: 2000 }) };
}

/** The SDK's client for the agent whose card is at `<base>.well-known/agent-card.json`. */
export function connect(base: string, key?: string): Promise<Client> {
  const fetchImpl: typeof fetch = (input, init) => fetch(input, key ? { ...init, headers: { ...(init?.headers as Record<string, string>), authorization: `Bearer ${key}` } } : init);
  return new ClientFactory({ transports: [new JsonRpcTransportFactory({ fetchImpl })] }).createFromUrl(base);
}

/** A SendMessage request with one user message (text, or a data part for workflows). */
export function userMessage(content: string | Record<string, unknown>, fields: { contextId?: string; taskId?: string; configuration?: Record<string, unknown> } = {}) {
  const { configuration, ...ids } = fields;
  const part = typeof content === "string" ? { text: content } : { data: content };
  const message = { messageId: randomUUID(), role: "ROLE_USER", parts: [part], ...ids };
  return SendMessageRequest.fromJSON({ message, ...(configuration ? { configuration } : {}) });
}

/** Calls `read` until `done` says yes (background work), or fails after `timeoutMs`. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 4000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Still not there after ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The text of a task's artifacts, in order. */
export function answerOf(task: { artifacts: { parts: { content?: { $case: string; value: unknown } }[] }[] }): string {
  return task.artifacts.flatMap((artifact) => artifact.parts.flatMap((part) => (part.content?.$case === "text" ? [String(part.content.value)] : []))).join("");
}
