// ChannelRequest: the host-neutral envelope every channel builds from its native payload,
// with the session, identity and response-target types it carries.
import type { ChatMessage } from "../target/types.ts";

export type SessionMode = "auto" | "required" | "disabled";

export type Operation = "message.create" | "command.invoke" | "approval.respond" | (string & {});

/** Who is speaking: always the user, never the chat (that is `conversationId`). */
export interface ChannelIdentity {
  channel: string;
  nativeId: string;
  displayName?: string;
  attributes?: Record<string, unknown>;
}

/** Caller-supplied (`key`) or host-tracked (no key, an isolation key) session reference. */
export interface ChannelSession {
  key?: string;
  conversationId?: string;
  isolationKey?: string;
  attributes?: Record<string, unknown>;
}

/** Where the result goes. Anything but `originating` answers the caller with a continuation token. */
export type ResponseTarget =
  | { kind: "originating" }
  | { kind: "active" }
  | { kind: "channel"; channel: string }
  | { kind: "channels"; channels: string[] }
  | { kind: "identities"; identities: ChannelIdentity[] }
  | { kind: "allLinked" }
  | { kind: "none" };

export const ResponseTargets = {
  originating: { kind: "originating" },
  active: { kind: "active" },
  allLinked: { kind: "allLinked" },
  none: { kind: "none" },
  channel: (channel: string): ResponseTarget => ({ kind: "channel", channel }),
  channels: (channels: string[]): ResponseTarget => ({ kind: "channels", channels }),
  identities: (identities: ChannelIdentity[]): ResponseTarget => ({ kind: "identities", identities }),
} as const satisfies Record<string, ResponseTarget | ((...args: never[]) => ResponseTarget)>;

/** Chat text, chat messages, or a workflow's structured input. */
export type ChannelInput = string | ChatMessage[] | Record<string, unknown>;

export interface ChannelRequest {
  channel: string;
  operation: Operation;
  input: ChannelInput;
  /** Per-request system instructions for an agent target. */
  instructions?: string;
  session?: ChannelSession;
  sessionMode: SessionMode;
  identity?: ChannelIdentity;
  conversationId?: string;
  stream: boolean;
  responseTarget: ResponseTarget;
  background: boolean;
  /** Caller settings (temperature, store, …) forwarded to the target. */
  options: Record<string, unknown>;
  /** Telemetry only. */
  metadata: Record<string, string>;
  /** Channel-private data; the host never reads it. */
  attributes: Record<string, unknown>;
  clientState?: unknown;
  clientTools?: unknown[];
  /** Opaque extras a run hook routes into the target. */
  forwardedProps?: Record<string, unknown>;
}

/** Builds a request with the defaults every channel wants; pass only what differs. */
export function createChannelRequest(
  fields: Pick<ChannelRequest, "channel" | "input"> & Partial<ChannelRequest>,
): ChannelRequest {
  return {
    operation: "message.create",
    sessionMode: "auto",
    stream: false,
    responseTarget: { kind: "originating" },
    background: false,
    options: {},
    metadata: {},
    attributes: {},
    ...fields,
  };
}
