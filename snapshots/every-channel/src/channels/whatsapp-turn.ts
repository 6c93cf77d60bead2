// One inbound WhatsApp message, answered after the webhook already returned 200: drop retries, remember
// the 24-hour window, run `/new`-style commands, else the agent's answer (split at 4096) via answerChat.
import { answerChat, claimOnce, createChannelRequest, splitMessage, type ChannelContext, type ChannelIdentity } from "agent-host";
import type { GraphClient } from "./whatsapp-graph.ts";
import type { InboundMessage } from "./whatsapp-webhook.ts";
import { openWindow, WINDOW_MS } from "./whatsapp-window.ts";

/** WhatsApp's longest text message, in characters. */
export const LIMIT = 4096;
/** Message types that need no answer at all: a 👍 on our message, "user changed number" notices. */
const SILENT_TYPES = new Set(["reaction", "system"]);

export interface TurnDeps {
  ctx: ChannelContext;
  name: string;
  graph: GraphClient;
  /** The business number to answer from when the notification does not say (`WHATSAPP_PHONE_NUMBER_ID`). */
  phoneNumberId?: string;
  /** The answer to images, voice notes, …; empty = ignore them. */
  nonTextReply: string;
}

export async function answerMessage(deps: TurnDeps, message: InboundMessage): Promise<void> {
  const { ctx, name, graph } = deps;
  // Meta redelivers a notification until we answer 200, sometimes twice anyway: answer each message once.
  if (!(await claimOnce(ctx.store, name, message.id))) return;
  const sentAt = Math.min(message.sentAt ?? Date.now(), Date.now());
  if (Date.now() - sentAt >= WINDOW_MS) {
    ctx.log.info(`${name}: message ${message.id} arrived more than 24 hours after it was sent; WhatsApp no longer lets us answer it`);
    return;
  }
  await openWindow(ctx.store, name, message.from, sentAt);
  const sender = message.phoneNumberId ?? deps.phoneNumberId;
  if (!sender) {
    ctx.log.warn(`${name}: message ${message.id} does not say which business number it was sent to; set WHATSAPP_PHONE_NUMBER_ID`);
    return;
  }

  const send = (text: string) => graph.sendText(sender, message.from, text);
  const reply = async (text: string) => {
    for (const chunk of splitMessage(text, LIMIT)) await send(chunk);
  };
  if (message.type !== "text" || message.text === undefined) {
    if (deps.nonTextReply && !SILENT_TYPES.has(message.type)) await reply(deps.nonTextReply);
    return;
  }

  const identity: ChannelIdentity = {
    channel: name,
    nativeId: message.from,
    ...(message.name ? { displayName: message.name } : {}),
    // What push needs to reach this user later: their number and the business number they wrote to.
    attributes: { phone: message.from, phoneNumberId: sender },
  };
  const conversationId = message.from; // WhatsApp chats with a business are always 1:1
  if (await ctx.command({ text: message.text, identity, conversationId, rawEvent: message.raw, reply })) return;

  const request = createChannelRequest({ channel: name, input: message.text, identity, conversationId });
  // WhatsApp cannot edit messages: no `edit`, so the answer is sent whole (split) when it is ready.
  const sink = { limit: LIMIT, send, typing: () => graph.markRead(sender, message.id, { typing: true }) };
  // The typing indicator lasts 25 s (or until we answer): renew it a little before that.
  await answerChat(ctx, request, sink, { typingIntervalMs: 20_000, protocolRequest: message.raw });
}
