// ResponseTarget → destinations: the originating identity, the last-seen address of a channel (or of
// the active one, or of every linked identity), or explicit identities. Policy is deliver.ts's job.
import type { ChannelIdentity, ChannelRequest } from "../channel/request.ts";
import { getHostIdentity } from "../identity/registry.ts";
import type { HostStateStore } from "../stores/types.ts";
import { activeChannel, ACTIVE_WINDOW_MS, lastSeenRecords, type LastSeenRecord } from "./last-seen.ts";
import type { Destination, Resolution } from "./types.ts";

export interface ResolveContext {
  store: HostStateStore;
  request: Pick<ChannelRequest, "channel" | "identity" | "conversationId" | "responseTarget">;
  isolationKey?: string;
  /** Whether a channel can push; `active` only counts channels that can. Default: all can. */
  canPush?: (channel: string) => boolean;
  activeWindowMs?: number;
}

export async function resolveTargets(context: ResolveContext): Promise<Resolution> {
  const { store, request, isolationKey } = context;
  const target = request.responseTarget;
  const resolution: Resolution = { destinations: [], unaddressed: [], warnings: [] };
  const originating = () => {
    const destination = originatingDestination(request);
    if (destination) resolution.destinations.push(destination);
    else resolution.unaddressed.push({ destination: request.channel, reason: "no_identity" });
  };
  const seen = async () => (isolationKey ? lastSeenRecords(store, isolationKey) : []);
  const byChannel = (records: LastSeenRecord[], channel: string) => {
    const record = records.find((r) => r.channel === channel);
    if (record) resolution.destinations.push(destinationFor(record));
    else resolution.unaddressed.push({ destination: channel, reason: "no_address" });
  };

  switch (target.kind) {
    case "none":
      break;
    case "originating":
      originating();
      break;
    case "active": {
      const canPush = context.canPush ?? (() => true);
      const windowMs = context.activeWindowMs ?? ACTIVE_WINDOW_MS;
      const active = isolationKey ? await activeChannel(store, isolationKey, windowMs, (r) => canPush(r.channel)) : undefined;
      if (active) resolution.destinations.push(destinationFor(active));
      else {
        resolution.warnings.push(`No channel that can push saw this user within ${Math.round(windowMs / 60_000)} minutes; answering on the originating channel.`);
        originating();
      }
      break;
    }
    case "channel":
      byChannel(await seen(), target.channel);
      break;
    case "channels": {
      const records = await seen();
      for (const channel of target.channels) byChannel(records, channel);
      break;
    }
    case "identities":
      resolution.destinations.push(...target.identities.map((identity) => ({ channel: identity.channel, identity })));
      break;
    case "allLinked": {
      const records = await seen();
      const host = isolationKey ? await getHostIdentity(store, isolationKey) : undefined;
      // Linked by the registry: its members. No registry entry (never linked, or an app-owned resolver
      // maps identities onto one key): every identity seen under the key is that person.
      const members: Array<Pick<ChannelIdentity, "channel" | "nativeId">> = host ? [...host.members] : records.map((r) => r.identity);
      const self = request.identity;
      if (self && !members.some((m) => m.channel === self.channel && m.nativeId === self.nativeId)) members.push(self);
      for (const member of members) {
        const record = records.find((r) => r.channel === member.channel && r.identity.nativeId === member.nativeId);
        if (record) resolution.destinations.push(destinationFor(record));
        else resolution.unaddressed.push({ destination: `${member.channel}:${member.nativeId}`, reason: "no_address" });
      }
      break;
    }
  }
  return resolution;
}

/** The caller's own identity on the channel the request came in on, or undefined if it had none. */
export function originatingDestination(request: Pick<ChannelRequest, "channel" | "identity" | "conversationId">): Destination | undefined {
  if (!request.identity) return undefined;
  return destinationFor({ channel: request.channel, identity: request.identity, ...(request.conversationId ? { conversationId: request.conversationId } : {}) });
}

/** The identity to push to: as recorded, with the recorded conversation id among its attributes. */
export function destinationFor(record: Pick<LastSeenRecord, "channel" | "identity" | "conversationId">): Destination {
  const { identity, conversationId } = record;
  if (!conversationId || identity.attributes?.conversationId !== undefined) return { channel: record.channel, identity };
  return { channel: record.channel, identity: { ...identity, attributes: { ...identity.attributes, conversationId } } };
}
