// Conversation history per session, persisted through the HostStateStore. User messages carry
// their hosting envelope; assistant messages carry their run status and delivery records.
import type { ChannelIdentity, ResponseTarget } from "../channel/request.ts";
import type { HostStateStore } from "../stores/types.ts";
import { updateRecord } from "../stores/update.ts";
import type { ChatMessage, RunStatus } from "../target/types.ts";

export const HISTORY_NAMESPACE = "history";

/** Where a user message came from, kept with it so any channel can attribute it later. */
export interface HostingEnvelope {
  channel: string;
  identity?: ChannelIdentity;
  responseTarget: ResponseTarget;
}

export interface DeliveryRecord {
  deliveryId: string;
  destination: string;
  status: "pending" | "delivered" | "failed" | "skipped";
  attempts: number;
  firstAttemptAt?: string;
  lastAttemptAt?: string;
  lastError: { code: string; message: string } | null;
  /** Why it was skipped (policy, no_push, no_address, …), or "fallback" for a delivery to the originating channel. */
  reason?: string;
  /** The platform's id of the (first) message sent. */
  messageId?: string;
}

export interface StoredMessage extends ChatMessage {
  id: string;
  createdAt: string;
  envelope?: HostingEnvelope;
  status?: RunStatus;
  deliveries?: DeliveryRecord[];
}

interface HistoryRecord {
  messages: StoredMessage[];
}

export async function loadHistory(store: HostStateStore, sessionId: string): Promise<StoredMessage[]> {
  const record = await store.get<HistoryRecord>(HISTORY_NAMESPACE, sessionId);
  return record?.value.messages ?? [];
}

/** Appends with compare-and-set, so a writer in another process never loses ours or we theirs. */
export async function appendHistory(store: HostStateStore, sessionId: string, messages: StoredMessage[]): Promise<void> {
  await updateRecord<HistoryRecord>(store, HISTORY_NAMESPACE, sessionId, (current) => ({
    messages: [...(current?.messages ?? []), ...messages],
  }));
}
