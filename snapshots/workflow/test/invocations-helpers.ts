// Test helpers for the invocations channel: a real host on 127.0.0.1 and a Server-Sent Events reader
// built on eventsource-parser, so the tests talk to the channel exactly as a client would.
import { createParser, type EventSourceMessage } from "eventsource-parser";
import { createAgentHost, echoAgent, memoryStore, silentLogger, type AgentHost, type AgentHostOptions, type Target } from "agent-host";
import { invocationsChannel, type InvocationsChannelOptions } from "../src/channels/invocations.ts";

export interface TestHost {
  host: AgentHost;
  url: string;
  close(): Promise<void>;
}

/** Serves `invocationsChannel(channel)` over a memory store on a free port; `host` adds host options (logger, maxBodyBytes). */
export async function startHost(
  channel: InvocationsChannelOptions = {},
  target: Target = echoAgent(),
  host: Pick<AgentHostOptions, "logger" | "maxBodyBytes"> = {},
): Promise<TestHost> {
  const agentHost = createAgentHost({ target, channels: [invocationsChannel(channel)], store: memoryStore(), logger: silentLogger, ...host });
  const served = await agentHost.serve({ port: 0 });
  return { host: agentHost, url: served.url, close: () => agentHost.close({ timeoutMs: 2_000 }) };
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}

/** Reads a whole SSE body; each event's data is parsed as JSON. */
export async function readEvents(response: Response): Promise<Array<{ event: string | undefined; data: unknown }>> {
  const events: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => events.push(event) });
  const decoder = new TextDecoder();
  for await (const chunk of response.body as ReadableStream<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
  return events.map((event) => ({ event: event.event, data: JSON.parse(event.data) }));
}

/** Polls `GET <url>` until the invocation leaves `running`. */
export async function pollUntilDone(url: string, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const body = (await (await fetch(url, { headers })).json()) as Record<string, unknown>;
    if (body.status !== "running") return body;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`Invocation at ${url} was still running after 4 seconds.`);
}
