// The ChannelPush seam: how the host hands a channel a result to deliver out of band (proactively, to
// a stored address), what the channel answers, and how a channel cuts a result into messages.
import type { RunResult } from "../target/types.ts";
import type { ChannelIdentity } from "./request.ts";

/** One message the host asks a channel to send. */
export interface OutboundMessage {
  /** The whole rich result (images, tool output, …), for channels that render more than text. */
  result: RunResult;
  /** This message's text, already formatted for this channel (one chunk of `format(result)`). */
  text: string;
  /**
   * The user's input, to replay before the reply when it came in on another channel (fan-out).
   * Render it as `You, via <from>: <text>` (see `echoLine`), silently where the platform allows.
   * Only the first chunk of a delivery carries it.
   */
  echo?: { text: string; from: string /* channel name */ };
  /** Present when `format` cut the result into several messages: which one this is (0-based). */
  chunk?: { index: number; count: number };
}

/** What a push did. Never throw for an expected refusal: answer `failed` or `skipped` with the reason. */
export interface PushReceipt {
  status: "delivered" | "failed" | "skipped";
  /** The platform's id of the sent message, for edits and audits. */
  messageId?: string;
  /** Why it failed; recorded (redacted) in the delivery record. */
  error?: { code: string; message: string };
  /** Why it was skipped (e.g. "outside_24h_window"). */
  reason?: string;
}

/**
 * Sends a message to an identity on this channel. `identity.attributes` hold what the channel stored
 * when it saw the user (chat id, conversation reference, …) and `conversationId` when there was one.
 */
export type ChannelPush = (identity: ChannelIdentity, message: OutboundMessage) => Promise<PushReceipt>;

/** Renders a result as this channel's messages (dialect, escaping, length limits). Default `[result.text]`. */
export type ChannelFormat = (result: RunResult) => string[];
