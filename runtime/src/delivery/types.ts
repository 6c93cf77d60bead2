// Delivery types: the channels the host can deliver to (push, format, tier), a destination (channel +
// identity to push to), and what resolving a ResponseTarget yields.
import type { ChannelFormat, ChannelPush } from "../channel/push.ts";
import type { ChannelIdentity } from "../channel/request.ts";

/** What delivery needs to know about one configured channel. */
export interface DeliveryChannel {
  name: string;
  confidentialityTier?: string;
  push?: ChannelPush;
  format?: ChannelFormat;
}

/** Configured channels by name. */
export type DeliveryChannels = ReadonlyMap<string, DeliveryChannel>;

/** One place a result goes: a channel and the identity (with its stored address attributes) on it. */
export interface Destination {
  channel: string;
  identity: ChannelIdentity;
}

/** A destination the target named but that has no address (never seen there, no identity). */
export interface Unaddressed {
  destination: string;
  reason: "no_address" | "no_identity";
}

export interface Resolution {
  destinations: Destination[];
  unaddressed: Unaddressed[];
  /** Why the result went somewhere other than the target asked (logged as warnings). */
  warnings: string[];
}

/** `<channel>:<nativeId>`: how delivery records name a destination. */
export const destinationName = (destination: Destination): string => `${destination.channel}:${destination.identity.nativeId}`;
