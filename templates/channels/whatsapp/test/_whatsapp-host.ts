// Test helper: a real agent host on 127.0.0.1 with the whatsapp channel wired to the fake Graph server
// of agent-host/testing, an echo agent that records its calls, and a logger that keeps its lines.
import {
  createAgentHost,
  echoAgent,
  memoryStore,
  type AgentHost,
  type AgentHostOptions,
  type AgentTarget,
  type Logger,
} from "agent-host";
import type { FakeWhatsApp } from "agent-host/testing";
import { whatsappChannel, type WhatsAppChannelOptions } from "../src/channels/whatsapp.ts";

export interface TestBot {
  host: AgentHost;
  url: string;
  /** `<url>/whatsapp/webhook`: where Meta would POST. */
  webhook: string;
  /** Every agent call: the user's text and the isolation key the host resolved. */
  calls: Array<{ text: string; isolationKey?: string }>;
  /** Every log line, as `level: message {fields}`. */
  logs: string[];
  close(): Promise<void>;
}

export async function startBot(
  fake: FakeWhatsApp,
  options: { channel?: WhatsAppChannelOptions; host?: Partial<AgentHostOptions> } = {},
): Promise<TestBot> {
  const calls: TestBot["calls"] = [];
  const echo = echoAgent();
  const target: AgentTarget = {
    ...echo,
    run(input, context) {
      const last = input.messages.filter((message) => message.role === "user").at(-1);
      const text = (last?.content ?? []).flatMap((part) => (part.type === "text" ? [part.text] : [])).join("");
      calls.push({ text, isolationKey: context.isolationKey });
      return echo.run(input, context);
    },
  };
  const logs: string[] = [];
  const keep = (level: string) => (message: string, fields?: Record<string, unknown>) => void logs.push(`${level}: ${message}${fields ? ` ${JSON.stringify(fields)}` : ""}`);
  const logger: Logger = { info: keep("info"), warn: keep("warn"), error: keep("error") };
  const host = createAgentHost({
    target,
    channels: [whatsappChannel({ ...fake.channelOptions, ...options.channel })],
    store: memoryStore(),
    logger,
    ...options.host,
  });
  const { url } = await host.serve({ port: 0 });
  return { host, url, webhook: `${url}${options.channel?.path ?? "/whatsapp"}/webhook`, calls, logs, close: () => host.close({ timeoutMs: 2000 }) };
}

/** Gives a wrongly accepted message time to reach the agent and the chat before asserting that it did not. */
export const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 150));

/** A fresh phone number per test, so chats never mix. */
let counter = 0;
export const newPhone = (): string => `1555${String(Date.now() % 1_000_000).padStart(6, "0")}${String(++counter).padStart(3, "0")}`;
