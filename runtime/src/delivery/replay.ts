// Delivery replay (SPEC §6 "audit and replay"): re-pushes the pending/failed entries of one assistant
// message to the identity last seen there, never a delivered one, and records each new attempt.
import type { ChannelIdentity } from "../channel/request.ts";
import { NotFoundError } from "../host/errors.ts";
import { loadHistory, type DeliveryRecord, type StoredMessage } from "../session/history.ts";
import type { RunResult } from "../target/types.ts";
import { deliveryAudit } from "./_audit.ts";
import { attemptOutcome, pushJob } from "./_push.ts";
import type { DeliverDeps } from "./deliver.ts";
import { lastSeenRecords } from "./last-seen.ts";
import { destinationFor } from "./resolve-targets.ts";

export type ReplayableStatus = "pending" | "failed";

export interface ReplayOptions {
  sessionId: string;
  /** The assistant message whose `deliveries[]` to replay. */
  messageId: string;
  /** Which entries to re-push. Default both; `delivered` and `skipped` entries are never re-sent. */
  statuses?: ReplayableStatus[];
}

/**
 * Re-pushes the matching entries and resolves every entry of the message, updated. Replay `pending`
 * only after a crash: an entry still pending because its push is in flight would be sent twice.
 */
export async function replayDeliveries(deps: DeliverDeps, options: ReplayOptions): Promise<DeliveryRecord[]> {
  const { sessionId, messageId } = options;
  const history = await loadHistory(deps.store, sessionId);
  if (history.length === 0) throw new NotFoundError(`No history for session "${sessionId}". Pass the session id the delivery records live under (ContinuationToken.session.id).`, "session_not_found");
  const message = history.findLast((m) => m.id === messageId && m.role === "assistant");
  if (!message) throw new NotFoundError(`Session "${sessionId}" has no assistant message "${messageId}". Pass the id of the message whose deliveries[] to replay.`, "message_not_found");

  const statuses = new Set<DeliveryRecord["status"]>(options.statuses ?? ["pending", "failed"]);
  const entries = (message.deliveries ?? []).map((record) => ({ ...record }));
  const due = entries.filter((record) => statuses.has(record.status) && (record.status === "pending" || record.status === "failed"));
  const audit = deliveryAudit(deps.store, sessionId, messageId, { expectedUpdates: due.length });
  const result = resultOf(message);
  const isolationKeys = candidateIsolationKeys(sessionId);

  await Promise.all(
    due.map(async (record) => {
      const at = new Date().toISOString();
      const attempt = { attempts: record.attempts + 1, firstAttemptAt: record.firstAttemptAt ?? at, lastAttemptAt: at };
      const patch = await replayOne(deps, record.destination, isolationKeys, result, at).then((outcome) => ({ ...outcome, ...attempt }));
      Object.assign(record, patch);
      if (patch.status === "failed") deps.log.warn("replayed push failed", { destination: record.destination, error: patch.lastError });
      await audit.update(record.deliveryId, patch);
    }),
  );
  return entries;
}

async function replayOne(deps: DeliverDeps, destination: string, isolationKeys: string[], result: RunResult, at: string): Promise<Partial<DeliveryRecord>> {
  const split = destination.indexOf(":");
  const channelName = destination.slice(0, split);
  const channel = deps.channels.get(channelName);
  if (split < 0 || !channel) return { status: "skipped", reason: "unknown_channel" };
  if (!channel.push) return { status: "skipped", reason: "no_push" };
  const identity = await addressOf(deps, isolationKeys, channelName, destination.slice(split + 1));
  if (!identity) return { status: "skipped", reason: "no_address" }; // unlinked or evicted since: do not push to a stale address
  return attemptOutcome(await pushJob({ identity, push: channel.push, ...(channel.format ? { format: channel.format } : {}) }, result), at);
}

/** The identity last seen on `channel` with `nativeId` under the session's isolation key, as deliver.ts pushes it. */
async function addressOf(deps: DeliverDeps, isolationKeys: string[], channel: string, nativeId: string): Promise<ChannelIdentity | undefined> {
  for (const isolationKey of isolationKeys) {
    const record = (await lastSeenRecords(deps.store, isolationKey)).find((r) => r.channel === channel && r.identity.nativeId === nativeId);
    if (record) return destinationFor(record).identity;
  }
  return undefined;
}

/** Session ids are `<isolationKey>:<key>` and either part may contain ":": every prefix, longest first. */
function candidateIsolationKeys(sessionId: string): string[] {
  const keys: string[] = [];
  for (let at = sessionId.lastIndexOf(":"); at > 0; at = sessionId.lastIndexOf(":", at - 1)) {
    const key = sessionId.slice(0, at);
    if (key !== "_") keys.push(key);
  }
  return keys;
}

function resultOf(message: StoredMessage): RunResult {
  const text = message.content.map((part) => (part.type === "text" ? part.text : "")).join("");
  return { status: message.status ?? "completed", parts: message.content, text };
}
