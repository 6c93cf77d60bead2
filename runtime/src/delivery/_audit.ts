// The delivery audit trail: `deliveries[]` on the assistant message in history, written with
// compare-and-set, one write at a time; outcomes arriving close together share one write.
import { HISTORY_NAMESPACE, type DeliveryRecord, type StoredMessage } from "../session/history.ts";
import type { HostStateStore } from "../stores/types.ts";
import { updateRecord } from "../stores/update.ts";

export interface DeliveryAudit {
  /** Adds entries to the message (resolves once stored). */
  add(entries: DeliveryRecord[]): Promise<void>;
  /** Patches one entry (resolves once stored). */
  update(deliveryId: string, patch: Partial<DeliveryRecord>): Promise<void>;
}

type Change = (entries: DeliveryRecord[]) => DeliveryRecord[];
interface Queued {
  change: Change;
  settle: (error?: unknown) => void;
}

export interface AuditOptions {
  /** How many `update` calls will come (one per push): the last one writes at once. */
  expectedUpdates?: number;
  /** An earlier update waits at most this long for the others to share its write. Default 5 ms. */
  lingerMs?: number;
}

/** The audit of one assistant message; a no-op when the turn kept no history (no session). */
export function deliveryAudit(
  store: HostStateStore,
  sessionId: string | undefined,
  messageId: string | undefined,
  options: AuditOptions = {},
): DeliveryAudit {
  const queue: Queued[] = [];
  let writing = false;
  let outstanding = options.expectedUpdates ?? 0;
  let timer: NodeJS.Timeout | undefined;

  const apply = (changes: Change[]) =>
    updateRecord<{ messages: StoredMessage[] }>(store, HISTORY_NAMESPACE, sessionId!, (current) => {
      const index = current?.messages.findLastIndex((m) => m.id === messageId) ?? -1;
      if (!current || index < 0) return undefined; // history gone or never written: nothing to annotate
      const messages = [...current.messages];
      const message = messages[index]!;
      messages[index] = { ...message, deliveries: changes.reduce((entries, change) => change(entries), message.deliveries ?? []) };
      return { ...current, messages };
    });

  const drain = async () => {
    clearTimeout(timer);
    timer = undefined;
    writing = true;
    while (queue.length > 0) {
      const batch = queue.splice(0); // everything that arrived while the previous write ran
      const error = await apply(batch.map((item) => item.change)).then(() => undefined, (failure: unknown) => failure ?? new Error("audit write failed"));
      for (const item of batch) item.settle(error);
    }
    writing = false;
  };

  const write = (change: Change, linger: boolean): Promise<void> => {
    if (!sessionId || !messageId) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      queue.push({ change, settle: (error) => (error ? reject(error) : resolve()) });
      if (writing) return; // the running drain takes it next
      if (!linger || outstanding <= 0) void drain();
      else timer ??= setTimeout(() => void drain(), options.lingerMs ?? 5).unref();
    });
  };

  return {
    add: (entries) => write((current) => [...current, ...entries], false),
    update: (deliveryId, patch) => {
      outstanding--;
      return write((current) => current.map((e) => (e.deliveryId === deliveryId ? { ...e, ...patch } : e)), true);
    },
  };
}
