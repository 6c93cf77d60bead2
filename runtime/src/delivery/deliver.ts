// Delivery of one result: resolve the target, check the LinkPolicy and push capability per destination,
// record every entry (pending or skipped) before any push, push concurrently, record each outcome.
import { randomUUID } from "node:crypto";
import type { ChannelRequest } from "../channel/request.ts";
import type { Logger } from "../channel/types.ts";
import type { LinkPolicy } from "../identity/types.ts";
import type { DeliveryRecord } from "../session/history.ts";
import type { HostStateStore } from "../stores/types.ts";
import type { RunResult } from "../target/types.ts";
import { deliveryAudit } from "./_audit.ts";
import { attemptOutcome, pushJob, type PushJob } from "./_push.ts";
import { inputText } from "./format.ts";
import { originatingDestination, resolveTargets } from "./resolve-targets.ts";
import { destinationName, type DeliveryChannel, type DeliveryChannels, type Destination } from "./types.ts";

export interface DeliverDeps {
  store: HostStateStore;
  log: Logger;
  channels: DeliveryChannels;
  /** Asked with operation "deliver" for every destination on another channel than the request's. */
  linkPolicy: LinkPolicy;
  activeWindowMs?: number;
}

export interface DeliverInput {
  request: ChannelRequest;
  result: RunResult;
  isolationKey?: string;
  /** The session and assistant message whose `deliveries[]` record this delivery. */
  sessionId?: string;
  messageId?: string;
}

/** Targets whose replies land on other channels than the user typed on: those get the input echoed first. */
const ECHOING = new Set(["active", "channel", "channels", "allLinked"]);

interface Planned {
  job: PushJob;
  record: DeliveryRecord;
}

/** Delivers `result` where the request's response target says; resolves the final delivery records. */
export async function deliverResult(deps: DeliverDeps, input: DeliverInput): Promise<DeliveryRecord[]> {
  const { request, result } = input;
  const canPush = (name: string) => Boolean(deps.channels.get(name)?.push);
  const resolution = await resolveTargets({ ...input, store: deps.store, canPush, activeWindowMs: deps.activeWindowMs });
  for (const warning of resolution.warnings) deps.log.warn(warning, { channel: request.channel });

  const entries: DeliveryRecord[] = resolution.unaddressed.map((u) => entry(u.destination, "skipped", u.reason));
  const planned: Planned[] = [];
  const echoText = ECHOING.has(request.responseTarget.kind) ? inputText(request.input) : "";
  const plan = (destination: Destination, channel: DeliveryChannel, push: PushJob["push"], record: DeliveryRecord) => {
    const echo = echoText && destination.channel !== request.channel && record.reason !== "fallback" ? { text: echoText, from: request.channel } : undefined;
    planned.push({ job: { identity: destination.identity, push, ...(channel.format ? { format: channel.format } : {}), ...(echo ? { echo } : {}) }, record });
    entries.push(record);
  };
  const names = new Set<string>();
  for (const destination of resolution.destinations) {
    const name = destinationName(destination);
    if (names.has(name)) continue;
    names.add(name);
    const channel = deps.channels.get(destination.channel);
    const refused = !channel ? "unknown_channel" : !allowed(deps, request.channel, destination.channel) ? "policy" : !channel.push ? "no_push" : undefined;
    if (refused || !channel?.push) entries.push(entry(name, "skipped", refused));
    else plan(destination, channel, channel.push, entry(name, "pending"));
  }

  if (planned.length === 0 && request.responseTarget.kind !== "none") {
    const origin = originatingDestination(request);
    const channel = deps.channels.get(request.channel);
    if (origin && channel?.push && !names.has(destinationName(origin))) {
      deps.log.warn("No destination of the response target can take this result; delivering it on the originating channel.", { channel: request.channel });
      plan(origin, channel, channel.push, { ...entry(destinationName(origin), "pending"), reason: "fallback" });
    } else {
      deps.log.warn("No destination can take this result (and the originating channel cannot push); it is kept for polling only.", { channel: request.channel });
    }
  }

  const audit = deliveryAudit(deps.store, input.sessionId, input.messageId, { expectedUpdates: planned.length });
  await audit.add(entries); // pending first: a crash from here on leaves an auditable, replayable trail
  await Promise.allSettled(
    planned.map(async (item) => {
      const at = new Date().toISOString();
      const patch = attemptOutcome(await pushJob(item.job, result), at);
      Object.assign(item.record, patch);
      if (patch.status === "failed") deps.log.warn("push failed", { destination: item.record.destination, error: patch.lastError });
      await audit.update(item.record.deliveryId, patch).catch((error: unknown) =>
        deps.log.error("could not record a delivery outcome in history", { destination: item.record.destination, error: String(error) }),
      );
    }),
  );
  return entries;
}

function allowed(deps: DeliverDeps, source: string, destination: string): boolean {
  if (source === destination) return true; // answering where the user spoke is never a leak
  const info = (name: string) => ({ name, confidentialityTier: deps.channels.get(name)?.confidentialityTier });
  return deps.linkPolicy({ source: info(source), destination: info(destination), operation: "deliver" });
}

function entry(destination: string, status: DeliveryRecord["status"], reason?: string): DeliveryRecord {
  return { deliveryId: `dlv_${randomUUID()}`, destination, status, attempts: 0, lastError: null, ...(reason ? { reason } : {}) };
}
