// Where answers go on Discord: an interaction's webhook (replace the deferred "thinking…" message, then
// followups; private notes as ephemeral followups) and proactive pushes posted with the bot token.
import { echoLine, splitMessage, type ChannelPush, type ChatReplySink } from "agent-host";
import { InteractionResponseFlags } from "discord-interactions";
import { DiscordApiError, MESSAGE_LIMIT, SUPPRESS_NOTIFICATIONS, type DiscordRest } from "./discord-rest.ts";

export interface InteractionSink extends ChatReplySink {
  /** Sends `text` if nothing was sent yet, so the "thinking…" message never stays. */
  finish(text: string): Promise<void>;
}

/**
 * Answers one interaction through its webhook (valid 15 minutes after the interaction). `ephemeral`:
 * the deferred response was ephemeral, so followups are too (only the user sees any of it).
 */
export function interactionSink(rest: DiscordRest, token: string, options: { ephemeral?: boolean } = {}): InteractionSink {
  const followUpFlags = options.ephemeral ? InteractionResponseFlags.EPHEMERAL : 0;
  let answered = false;
  // After a deferred response the first followup would replace the public "thinking…" message, so
  // private notes (a link code asked for in a server channel) wait until that message is answered.
  const privateNotes: string[] = [];
  const send = async (text: string): Promise<string> => {
    if (answered) return rest.followUp(token, text, followUpFlags);
    await rest.editMessage(token, "@original", text, true);
    answered = true;
    for (const note of privateNotes.splice(0)) await rest.followUp(token, note, InteractionResponseFlags.EPHEMERAL);
    return "@original";
  };
  return {
    limit: MESSAGE_LIMIT,
    send,
    // Streaming edits come at most once a second (answerChat's default), within Discord's webhook rate limit.
    edit: (messageId, text) => rest.editMessage(token, messageId, text),
    async sendPrivately(text) {
      for (const chunk of splitMessage(text, MESSAGE_LIMIT)) {
        if (answered) await rest.followUp(token, chunk, InteractionResponseFlags.EPHEMERAL);
        else privateNotes.push(chunk);
      }
    },
    async finish(text) {
      if (!answered) await send(text);
    },
  };
}

/**
 * Pushes to where the user last talked to the bot: the server channel, or a DM (opened with
 * `POST /users/@me/channels`). An echo of input from another channel goes first, without a notification.
 */
export function discordPush(rest: DiscordRest | undefined): ChannelPush {
  return async (identity, message) => {
    if (!rest) return { status: "failed", error: { code: "not_configured", message: "The discord channel is not configured (see README)." } };
    const chunks = splitMessage(message.text, MESSAGE_LIMIT);
    if (chunks.length === 0) return { status: "skipped", reason: "empty_message" };
    const { guildId, channelId } = identity.attributes ?? {};
    try {
      const target = typeof guildId === "string" && typeof channelId === "string" ? channelId : await rest.openDm(identity.nativeId);
      if (message.echo) await rest.sendToChannel(target, splitMessage(echoLine(message.echo), MESSAGE_LIMIT)[0] ?? "", SUPPRESS_NOTIFICATIONS);
      let messageId = "";
      for (const chunk of chunks) messageId = await rest.sendToChannel(target, chunk);
      return { status: "delivered", messageId };
    } catch (error) {
      const code = error instanceof DiscordApiError ? `discord_${error.code ?? error.status}` : "discord_unreachable";
      return { status: "failed", error: { code, message: error instanceof Error ? error.message : String(error) } };
    }
  };
}
