// Inbound activities as the Bot Service delivers them to a bot: Teams-style ids, the conversation type,
// the tenant, the fake connector as serviceUrl, and an `<at>` mention with its entity when asked.
import { randomUUID } from "node:crypto";

export interface FakeInboundMessage {
  text?: string;
  conversationId: string;
  /** The sender's channel id. Default "29:user-1". */
  userId?: string;
  /** The sender's Entra object id (Teams sends it). Default: none. */
  aadObjectId?: string;
  userName?: string;
  /** Default "msteams". Others: "webchat", "directline", "slack", … */
  channelId?: string;
  /** Default "personal" (a 1:1 chat). */
  conversationType?: "personal" | "groupChat" | "channel";
  /** Prefix the text with `<at>botName</at>` and add the mention entity. */
  mention?: boolean;
  /** Default "message". */
  type?: string;
  /** Default: a fresh id (the Bot Service retries with the same id). */
  id?: string;
  /** Merged over the built activity. */
  extra?: Record<string, unknown>;
}

export interface FakeBot {
  appId: string;
  tenantId: string;
  botName: string;
  serviceUrl: string;
}

export function inboundActivity(bot: FakeBot, message: FakeInboundMessage): Record<string, unknown> {
  const conversationType = message.conversationType ?? "personal";
  const recipient = { id: `28:${bot.appId}`, name: bot.botName };
  const at = `<at>${bot.botName}</at>`;
  const text = message.mention ? `${at} ${message.text ?? ""}` : message.text;
  const from: Record<string, unknown> = { id: message.userId ?? "29:user-1", name: message.userName ?? "Ada Lovelace" };
  if (message.aadObjectId) from.aadObjectId = message.aadObjectId;
  return {
    type: message.type ?? "message",
    id: message.id ?? randomUUID(),
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    channelId: message.channelId ?? "msteams",
    serviceUrl: bot.serviceUrl,
    from,
    recipient,
    conversation: { id: message.conversationId, conversationType, isGroup: conversationType !== "personal", tenantId: bot.tenantId },
    channelData: { tenant: { id: bot.tenantId } },
    locale: "en-US",
    ...(text === undefined ? {} : { text, textFormat: "plain" }),
    entities: message.mention ? [{ type: "mention", text: at, mentioned: recipient }] : [],
    ...message.extra,
  };
}
