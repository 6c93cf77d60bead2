// Webhook notifications as the WhatsApp Cloud API sends them (text, media, reaction, delivery status),
// for the fake Graph server's helpers; shapes follow Meta's "messages" webhook reference.
import { randomBytes } from "node:crypto";

/** A WhatsApp webhook notification body. */
export type WhatsAppNotification = Record<string, unknown>;

export interface FakeInboundBase {
  /** The user's WhatsApp id (phone number, digits only). */
  from: string;
  /** The user's profile name (`contacts[].profile.name`). Default "Test User". */
  name?: string;
  /** The message id. Default a fresh `wamid.…`. */
  id?: string;
  /** When the user sent it, in epoch seconds. Default now. */
  timestamp?: number;
}

export const newMessageId = (): string => `wamid.${randomBytes(24).toString("base64url")}`;

/** Wraps one `value` (messages, statuses, contacts) in the notification envelope for `phoneNumberId`. */
export function notification(phoneNumberId: string, value: Record<string, unknown>): WhatsAppNotification {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: "102290129340398", // the WhatsApp Business Account id
        changes: [
          {
            field: "messages",
            value: { messaging_product: "whatsapp", metadata: { display_phone_number: "15550783881", phone_number_id: phoneNumberId }, ...value },
          },
        ],
      },
    ],
  };
}

/** One inbound message of any type: `fields` carries the type's own object (`{ text: { body } }`, `{ image: … }`). */
export function inboundMessage(phoneNumberId: string, message: FakeInboundBase, type: string, fields: Record<string, unknown>): WhatsAppNotification {
  const timestamp = String(message.timestamp ?? Math.floor(Date.now() / 1000));
  return notification(phoneNumberId, {
    contacts: [{ profile: { name: message.name ?? "Test User" }, wa_id: message.from }],
    messages: [{ from: message.from, id: message.id ?? newMessageId(), timestamp, type, ...fields }],
  });
}

export const textFields = (text: string) => ({ text: { body: text } });

const MEDIA_MIME: Record<string, string> = {
  image: "image/jpeg",
  audio: "audio/ogg; codecs=opus",
  video: "video/mp4",
  document: "application/pdf",
  sticker: "image/webp",
};

export function mediaFields(type: string): Record<string, unknown> {
  const media = { id: String(1_000_000_000_000 + Math.floor(Math.random() * 1e12)), mime_type: MEDIA_MIME[type] ?? "application/octet-stream", sha256: randomBytes(32).toString("base64") };
  return { [type]: type === "audio" ? { ...media, voice: true } : media };
}

export interface FakeStatusUpdate {
  /** The user the business message went to. */
  recipient: string;
  /** `sent`, `delivered`, `read` or `failed`. Default `delivered`. */
  status?: string;
  /** The business message's id. Default a fresh `wamid.…`. */
  messageId?: string;
  /** For `failed`: Graph's error, e.g. `{ code: 131047, message: "Re-engagement message" }`. */
  error?: { code: number; message: string };
}

export function statusFields(update: FakeStatusUpdate): Record<string, unknown> {
  const status = update.status ?? (update.error ? "failed" : "delivered");
  const base = { id: update.messageId ?? newMessageId(), status, timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: update.recipient };
  const errors = update.error ? { errors: [{ code: update.error.code, title: update.error.message, message: update.error.message, error_data: { details: update.error.message } }] } : {};
  return { statuses: [{ ...base, ...errors }] };
}
