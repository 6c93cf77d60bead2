// WhatsApp's customer service window: free-form messages may reach a user only within 24 hours of
// their last message. We remember when each user last wrote (in the host store) and check before sending.
import type { HostStateStore } from "agent-host";

export const WINDOW_MS = 24 * 60 * 60 * 1000;
const NAMESPACE = "whatsapp-window";

interface LastInbound {
  at: number;
}

/** Records that `phone` wrote at `at` (epoch ms); an older, retried message never moves the time back. */
export async function openWindow(store: HostStateStore, channel: string, phone: string, at: number): Promise<void> {
  const key = `${channel}:${phone}`;
  const current = await store.get<LastInbound>(NAMESPACE, key);
  if (current && current.value.at >= at) return;
  await store.set<LastInbound>(NAMESPACE, key, { at }, { ttlMs: WINDOW_MS });
}

/** Whether a free-form message to `phone` is still allowed now. */
export async function insideWindow(store: HostStateStore, channel: string, phone: string, now = Date.now()): Promise<boolean> {
  const record = await store.get<LastInbound>(NAMESPACE, `${channel}:${phone}`);
  return record !== undefined && now - record.value.at < WINDOW_MS;
}
