// Start-up and shut-down of the Telegram bot: the command menu (setMyCommands), the webhook registration
// (setWebhook with secret and allowed updates), and long polling (bot.start / bot.stop) for local development.
import type { ChannelCommand, Logger } from "agent-host";
import { GrammyError, type Api, type Bot } from "grammy/web";
import type { Update } from "grammy/types";

/** Update kinds, as setWebhook and getUpdates take them. */
export type UpdateKind = Exclude<keyof Update, "update_id">;

/** Telegram's rule for command names in the menu. */
const COMMAND_NAME = /^[a-z0-9_]{1,32}$/u;

/** Puts the host's commands (`/new`, `/link`, `/unlink`, yours) in the bot's menu. Failures are logged. */
export async function registerCommands(api: Api, commands: readonly ChannelCommand[], log: Logger, name: string): Promise<void> {
  const shown = commands.filter((command) => command.exposeInUi !== false);
  const valid = shown.filter((command) => COMMAND_NAME.test(command.name));
  for (const command of shown) {
    if (!valid.includes(command)) log.warn(`${name}: command "${command.name}" is left out of the menu: Telegram allows 1-32 of a-z, 0-9 and _.`);
  }
  try {
    await api.setMyCommands(valid.map((command) => ({ command: command.name, description: (command.description.trim() || command.name).slice(0, 256) })));
  } catch (error) {
    log.warn(`${name}: setMyCommands failed; the command menu may be outdated`, { error: describe(error) });
  }
}

/** Tells Telegram where to send updates. Failures are logged: fix AGENT_HOST_PUBLIC_URL or register by hand. */
export async function registerWebhook(api: Api, url: string, secretToken: string, allowedUpdates: readonly UpdateKind[], log: Logger, name: string): Promise<void> {
  try {
    await api.setWebhook(url, { secret_token: secretToken, allowed_updates: allowedUpdates });
    log.info(`${name}: webhook registered`, { url });
  } catch (error) {
    log.error(`${name}: setWebhook failed for ${url} (Telegram needs a public HTTPS URL on port 443, 80, 88 or 8443)`, { error: describe(error) });
  }
}

/**
 * Long polling: deletes the webhook, then fetches updates until `stop()`; `onStart` (the menu) runs alongside
 * the first fetch, not before it. Not awaited at start-up, so an unreachable Bot API never blocks the host;
 * failures (401 bad token, 409 another poller) are logged.
 */
export function startPolling(bot: Bot, allowedUpdates: readonly UpdateKind[], log: Logger, name: string, onStart: () => Promise<void>): { stop(): Promise<void> } {
  let menu: Promise<void> | undefined;
  const started = (username: string) => {
    menu = onStart(); // logs its own failures
    log.info(`${name}: polling as @${username}`);
  };
  const running = bot
    .start({ allowed_updates: allowedUpdates, onStart: (me) => started(me.username) })
    .catch((error: unknown) => log.error(`${name}: long polling stopped`, { error: describe(error) }));
  return {
    async stop() {
      // bot.stop() confirms the last update with one more getUpdates; don't let a dead network hold shutdown.
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, 5000).unref());
      await Promise.race([bot.stop().catch((error: unknown) => log.warn(`${name}: stopping polling failed`, { error: describe(error) })), timeout]);
      await Promise.race([Promise.all([running, menu]), timeout]);
    },
  };
}

function describe(error: unknown): string {
  return error instanceof GrammyError ? `${error.error_code} ${error.description}` : String(error);
}
