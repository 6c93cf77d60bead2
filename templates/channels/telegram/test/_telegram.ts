// Test helper: a real agent host on 127.0.0.1 with the telegram channel, whose grammy bot talks to the
// fake Bot API from agent-host/testing; the fake delivers updates by webhook (with the secret) or polling.
import { createAgentHost, echoAgent, memoryStore, type AgentHost, type AgentHostOptions, type AgentTarget, type Logger } from "agent-host";
import { startFakeTelegram, type FakeTelegram, type FakeTelegramTextUpdate } from "agent-host/testing";
import { telegramChannel, type TelegramChannelOptions } from "../src/channels/telegram.ts";

export const SECRET = "test-webhook-secret_1";

export interface TelegramTestHost {
  host: AgentHost;
  url: string;
  webhookUrl: string;
  telegram: FakeTelegram;
  /** Everything the host logged at warn or error. */
  problems: string[];
  /** Builds a text update and POSTs it to the webhook with the right secret. */
  send(spec: FakeTelegramTextUpdate): Promise<Response>;
  close(): Promise<void>;
}

export async function startTelegramHost(
  options: { channel?: TelegramChannelOptions; host?: Partial<AgentHostOptions>; telegram?: FakeTelegram } = {},
): Promise<TelegramTestHost> {
  const telegram = options.telegram ?? (await startFakeTelegram());
  const problems: string[] = [];
  const logger: Logger = {
    info() {},
    warn: (message, fields) => problems.push(`${message} ${JSON.stringify(fields ?? {})}`),
    error: (message, fields) => problems.push(`${message} ${JSON.stringify(fields ?? {})}`),
  };
  // Every option is explicit, so TELEGRAM_* or AGENT_HOST_PUBLIC_URL in the environment change nothing.
  const channel = telegramChannel({ token: telegram.token, webhookSecret: SECRET, mode: "webhook", apiRoot: telegram.apiRoot, publicUrl: "", ...options.channel });
  const host = createAgentHost({ target: echoAgent(), channels: [channel], store: memoryStore(), logger, ...options.host });
  const { url } = await host.serve({ port: 0 });
  const webhookUrl = `${url}${options.channel?.path ?? "/telegram"}/webhook`;
  return {
    host, url, webhookUrl, telegram, problems,
    send: (spec) => telegram.postUpdate(webhookUrl, telegram.textUpdate(spec), SECRET),
    close: async () => {
      await host.close({ timeoutMs: 2000 });
      if (!options.telegram) await telegram.close();
    },
  };
}

/** Resolves after `ms`: gives a wrongly accepted update time to reach the agent. */
export const settle = (ms = 150) => new Promise((resolve) => setTimeout(resolve, ms));

/** The echo agent, counting its calls (to prove a refused update never reached it). */
export function countingEcho(options: Parameters<typeof echoAgent>[0] = {}): { target: AgentTarget; calls: () => number } {
  const echo = echoAgent(options);
  let calls = 0;
  return {
    target: { ...echo, run: (input, context) => (calls++, echo.run(input, context)) },
    calls: () => calls,
  };
}
