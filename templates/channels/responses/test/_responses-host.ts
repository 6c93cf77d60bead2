// Test helper: a real agent host on 127.0.0.1 with the echo agent and the responses channel, plus
// the official openai client pointed at it.
import {
  createAgentHost,
  echoAgent,
  memoryStore,
  silentLogger,
  type EchoAgentOptions,
  type HostStateStore,
  type Logger,
  type Target,
} from "agent-host";
import OpenAI from "openai";
import { responsesChannel, type ResponsesChannelOptions } from "../src/channels/responses.ts";

export interface TestHost {
  url: string;
  baseURL: string;
  client: OpenAI;
  close(): Promise<void>;
}

export async function startHost(
  options: {
    channel?: ResponsesChannelOptions;
    agent?: EchoAgentOptions;
    /** Replaces the echo agent. */
    target?: Target;
    clientKey?: string;
    store?: HostStateStore;
    logger?: Logger;
    maxBodyBytes?: number;
  } = {},
): Promise<TestHost> {
  const host = createAgentHost({
    target: options.target ?? echoAgent(options.agent),
    // apiKey "" keeps a stray AGENT_HOST_API_KEY in the environment from turning auth on.
    channels: [responsesChannel({ apiKey: "", ...options.channel })],
    store: options.store ?? memoryStore(),
    logger: options.logger ?? silentLogger,
    ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}),
  });
  const { url } = await host.serve({ port: 0 });
  const baseURL = `${url}${options.channel?.path ?? "/responses"}/v1`;
  const client = new OpenAI({ apiKey: options.clientKey ?? "test", baseURL, maxRetries: 0 });
  return { url, baseURL, client, close: () => host.close({ timeoutMs: 2000 }) };
}

/** Polls `retrieve` until the response leaves queued/in_progress. */
export async function waitUntilDone(client: OpenAI, id: string, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await client.responses.retrieve(id);
    if (response.status !== "queued" && response.status !== "in_progress") return response;
    if (Date.now() > deadline) throw new Error(`Response ${id} is still ${response.status} after ${timeoutMs} ms.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
