// The telegram channel's settings: options first, then the environment (TELEGRAM_*, AGENT_HOST_PUBLIC_URL),
// checked once so a missing token or a bad secret is one clear warning instead of a crash.
import type { TelegramChannelOptions } from "./telegram.ts";

export interface TelegramConfig {
  token: string;
  webhookSecret: string;
  mode: "webhook" | "polling";
  /** Bot API root without a trailing slash; undefined = https://api.telegram.org. */
  apiRoot?: string;
  /** Public origin of this host: the webhook is registered at `<publicUrl><path>/webhook` on startup. */
  publicUrl?: string;
  markdown: boolean;
  /** Why the channel cannot run (the routes answer 503 with it), or undefined. */
  problem?: string;
}

/** Telegram's rule for `secret_token` (setWebhook refuses anything else). */
const SECRET = /^[A-Za-z0-9_-]{1,256}$/u;

export function readConfig(options: TelegramChannelOptions, env: NodeJS.ProcessEnv = process.env): TelegramConfig {
  const token = options.token ?? env.TELEGRAM_BOT_TOKEN ?? "";
  const webhookSecret = options.webhookSecret ?? env.TELEGRAM_WEBHOOK_SECRET ?? "";
  const rawMode = options.mode ?? (env.TELEGRAM_MODE || "webhook");
  const mode = rawMode === "polling" ? "polling" : "webhook";
  const apiRoot = (options.apiRoot ?? env.TELEGRAM_API_ROOT ?? "").replace(/\/+$/u, "");
  const publicUrl = (options.publicUrl ?? env.AGENT_HOST_PUBLIC_URL ?? "").replace(/\/+$/u, "");

  const missing = [!token && "TELEGRAM_BOT_TOKEN", mode === "webhook" && !webhookSecret && "TELEGRAM_WEBHOOK_SECRET"].filter(Boolean);
  let problem: string | undefined;
  if (rawMode !== "webhook" && rawMode !== "polling") problem = `TELEGRAM_MODE must be "webhook" or "polling", not "${rawMode}"`;
  else if (missing.length) problem = `set ${missing.join(" and ")}`;
  else if (mode === "webhook" && !SECRET.test(webhookSecret)) problem = "TELEGRAM_WEBHOOK_SECRET may only use A-Z, a-z, 0-9, _ and - (1-256 characters)";
  return {
    token, webhookSecret, mode, markdown: options.markdown ?? true,
    ...(apiRoot ? { apiRoot } : {}),
    ...(publicUrl ? { publicUrl } : {}),
    ...(problem ? { problem } : {}),
  };
}
