// One incoming Telegram text message: group messages only when they address the bot, commands through
// ctx.command, everything else answered by answerChat (typing, streamed edits, replies split at 4096).
import {
  acceptsMessage, answerChat, createChannelRequest, groupSessionKey, splitMessage,
  type AcceptInGroup, type ChannelContext, type ChannelIdentity, type ConversationScope,
} from "agent-host";
import type { Api } from "grammy/web";
import { chatSink, TELEGRAM_LIMIT } from "./telegram-send.ts";
import type { IncomingText } from "./telegram-update.ts";

export interface TurnSettings {
  name: string;
  botUsername: string;
  markdown: boolean;
  acceptInGroup?: AcceptInGroup;
  groupScope?: ConversationScope;
  editIntervalMs?: number;
}

export async function answerMessage(ctx: ChannelContext, api: Api, settings: TurnSettings, message: IncomingText, update: unknown): Promise<void> {
  const { isGroup, mentioned, isCommand } = message;
  if (!acceptsMessage(settings.acceptInGroup, { isGroup, mentioned, isCommand })) return; // group chatter: not for us

  // A forum topic is its own conversation; push goes to the user's private chat, never to a group.
  const conversationId = message.threadId === undefined ? String(message.chatId) : `${message.chatId}:${message.threadId}`;
  const identity: ChannelIdentity = {
    channel: settings.name,
    nativeId: String(message.user.id),
    displayName: message.user.displayName,
    attributes: { chatId: isGroup ? message.user.id : message.chatId, ...(message.user.username ? { username: message.user.username } : {}) },
  };
  const sink = chatSink(
    api,
    { chatId: message.chatId, threadId: message.threadId, userId: message.user.id, isGroup, botUsername: settings.botUsername, ...(isGroup ? { replyTo: message.messageId } : {}) },
    settings.markdown,
  );

  // Groups get their own conversation (per user, or shared with groupScope "per_conversation").
  const key = groupSessionKey(settings.groupScope, { channel: settings.name, userKey: identity.nativeId, conversationId, isGroup });
  if (isCommand) {
    const reply = async (text: string) => {
      for (const chunk of splitMessage(text, TELEGRAM_LIMIT)) await sink.send(chunk);
    };
    const session = key ? { key } : undefined;
    if (await ctx.command({ text: message.text, identity, conversationId, session, botUsername: settings.botUsername, rawEvent: update, reply })) return;
  }
  if (!message.prompt) return; // only "@bot": nothing to answer

  const request = createChannelRequest({
    channel: settings.name,
    input: message.prompt,
    identity,
    conversationId,
    ...(key ? { session: { key } } : {}),
    attributes: { telegram: { chatId: message.chatId, messageId: message.messageId, threadId: message.threadId } },
  });
  await answerChat(ctx, request, sink, { isGroup, protocolRequest: update, ...(settings.editIntervalMs !== undefined ? { editIntervalMs: settings.editIntervalMs } : {}) });
}
