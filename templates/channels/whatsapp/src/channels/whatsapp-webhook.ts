// WhatsApp webhook notifications → the messages and delivery statuses in them. Tolerant on purpose:
// Meta adds fields and event kinds over time, so unknown items are skipped, never a reason to fail.

/** One message a WhatsApp user sent to the business number. */
export interface InboundMessage {
  /** The message id (`wamid.…`): what retries repeat and what "mark as read" names. */
  id: string;
  /** The user's WhatsApp id (their phone number, digits only): who we answer. */
  from: string;
  /** `text`, `image`, `audio`, `reaction`, … */
  type: string;
  /** The text of a `text` message. */
  text?: string;
  /** The user's profile name, from `contacts[].profile.name`. */
  name?: string;
  /** The business phone number id the user wrote to (`metadata.phone_number_id`): where the answer comes from. */
  phoneNumberId?: string;
  /** When the user sent it, in epoch milliseconds. */
  sentAt?: number;
  /** The message object as Meta sent it, for the run hook. */
  raw: Record<string, unknown>;
}

/** A delivery receipt for a message the business sent (`sent`, `delivered`, `read`, `failed`). */
export interface DeliveryStatus {
  /** The id of the message it is about. */
  id: string;
  status: string;
  errors: Array<{ code: string; message: string }>;
}

export interface WebhookNotification {
  messages: InboundMessage[];
  statuses: DeliveryStatus[];
}

/** The body is not a webhook notification at all (answered with 400). */
export class WebhookPayloadError extends Error {
  override name = "WebhookPayloadError";
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const objects = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);
const text = (value: unknown, max = Infinity): string | undefined =>
  typeof value === "string" && value.length > 0 && value.length <= max ? value : undefined;

/**
 * Reads a notification (`{ object: "whatsapp_business_account", entry: [{ changes: [{ field: "messages",
 * value }] }] }`). Throws WebhookPayloadError when there is no `entry` array; notifications for other
 * products (`object` is not `whatsapp_business_account`) and malformed items inside yield nothing.
 */
export function parseNotification(body: unknown): WebhookNotification {
  if (!isObject(body) || !Array.isArray(body.entry)) {
    throw new WebhookPayloadError("Expected a WhatsApp webhook notification: a JSON object with an `entry` array.");
  }
  const notification: WebhookNotification = { messages: [], statuses: [] };
  if (body.object !== undefined && body.object !== "whatsapp_business_account") return notification;
  for (const entry of objects(body.entry)) {
    for (const change of objects(entry.changes)) {
      if (change.field !== "messages" || !isObject(change.value)) continue;
      readValue(change.value, notification);
    }
  }
  return notification;
}

function readValue(value: Json, into: WebhookNotification): void {
  const phoneNumberId = isObject(value.metadata) ? text(value.metadata.phone_number_id, 64) : undefined;
  const contacts = objects(value.contacts);
  for (const message of objects(value.messages)) {
    // Ids become store keys and URL parts: anything longer than Meta ever sends is not a message.
    const [id, from, type] = [text(message.id, 256), text(message.from, 64), text(message.type, 64)];
    if (!id || !from || !type) continue;
    const body = isObject(message.text) ? text(message.text.body) : undefined;
    if (type === "text" && body === undefined) continue;
    const contact = contacts.find((candidate) => candidate.wa_id === from) ?? (contacts.length === 1 ? contacts[0] : undefined);
    const name = isObject(contact?.profile) ? text(contact.profile.name) : undefined;
    const seconds = typeof message.timestamp === "string" || typeof message.timestamp === "number" ? Number(message.timestamp) : NaN;
    into.messages.push({
      id, from, type, raw: message,
      ...(body !== undefined ? { text: body } : {}),
      ...(name ? { name } : {}),
      ...(phoneNumberId ? { phoneNumberId } : {}),
      ...(Number.isFinite(seconds) && seconds > 0 ? { sentAt: seconds * 1000 } : {}),
    });
  }
  for (const status of objects(value.statuses)) {
    const [id, state] = [text(status.id), text(status.status)];
    if (!id || !state) continue;
    const errors = objects(status.errors).map((error) => ({
      code: typeof error.code === "number" || typeof error.code === "string" ? String(error.code) : "unknown",
      message: text(error.message) ?? text(error.title) ?? "",
    }));
    into.statuses.push({ id, status: state, errors });
  }
}
