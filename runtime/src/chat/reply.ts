// answerChat: the one turn every chat channel runs — typing indicator, the agent's answer streamed by
// edits or sent whole, split at the platform's limit, and refusals (link challenge, allowlist) as replies.
import type { ChannelRequest } from "../channel/request.ts";
import type { ChannelContext } from "../channel/types.ts";
import { HostError, LinkRequiredError } from "../host/errors.ts";
import { challengeDelivery } from "../session/conversation.ts";
import type { LinkChallenge } from "../identity/types.ts";
import type { RunResult } from "../target/types.ts";
import { EditedMessages } from "./_edited-messages.ts";
import { splitMessage } from "./split.ts";

/** How a channel puts text into its chat. Only `limit` and `send` are required. */
export interface ChatReplySink {
  /** The longest message the platform takes, in UTF-16 code units (Telegram 4096, Discord 2000). */
  limit: number;
  /** Sends one message; resolves the platform's message id when there is one (edits need it). */
  send(text: string): Promise<string | undefined>;
  /** Replaces a sent message's text. With it, answers stream into the chat by throttled edits. */
  edit?(messageId: string, text: string): Promise<void>;
  /** Shows "typing…"; called again every `typingIntervalMs` while the agent runs. */
  typing?(): Promise<void>;
  /** Sends to the user privately (a DM): where a link challenge from a group chat goes. */
  sendPrivately?(text: string): Promise<void>;
  /** Shows a link challenge richly (a card with the code or a sign-in button) instead of its text, in 1:1 chats. */
  challenge?(challenge: LinkChallenge): Promise<void>;
}

export interface AnswerChatOptions {
  /** A group chat: link challenges go privately (or the user is asked to DM the bot). */
  isGroup?: boolean;
  /** Least time between two edits of a streamed answer. Default 1000 ms (Telegram's per-chat rate). */
  editIntervalMs?: number;
  /** How often the typing indicator is renewed. Default 4500 ms (Telegram shows it for 5 s). */
  typingIntervalMs?: number;
  signal?: AbortSignal;
  /** The native update, handed to the run hook. */
  protocolRequest?: unknown;
}

export type ChatAnswer =
  | { status: "answered"; result: RunResult; messageIds: string[] }
  /** The response target was not this chat: the host delivers the result out of band. */
  | { status: "deferred"; token: string }
  /** The host refused the turn (link required, not allowed, rejected by the run hook); the user was told why. */
  | { status: "refused"; code: string; message: string };

/** Runs `request` and answers in the chat through `sink`. Never throws for a refusal; rethrows only sink failures. */
export async function answerChat(ctx: ChannelContext, request: ChannelRequest, sink: ChatReplySink, options: AnswerChatOptions = {}): Promise<ChatAnswer> {
  const typing = keepTyping(sink, options.typingIntervalMs ?? 4500, (error) => ctx.log.warn(`${request.channel}: typing indicator failed`, { error: String(error) }));
  const runOptions = { signal: options.signal, protocolRequest: options.protocolRequest };
  try {
    if (sink.edit) {
      const stream = await ctx.stream(request, runOptions);
      if (stream.continuation) return { status: "deferred", token: stream.continuation.token };
      const messages = new EditedMessages({ ...sink, edit: sink.edit }, options.editIntervalMs ?? 1000);
      for await (const update of stream.updates) if (update.type === "text-delta") messages.append(update.text);
      const result = await stream.result;
      typing.stop();
      return { status: "answered", result, messageIds: await messages.finish(answerText(result)) };
    }
    const outcome = await ctx.run(request, runOptions);
    if (outcome.continuation) return { status: "deferred", token: outcome.continuation.token };
    typing.stop();
    const messageIds: string[] = [];
    for (const chunk of splitMessage(answerText(outcome.result), sink.limit)) {
      const id = await sink.send(chunk);
      if (id !== undefined) messageIds.push(id);
    }
    return { status: "answered", result: outcome.result, messageIds };
  } catch (error) {
    if (!(error instanceof HostError) || error.status >= 500) throw error;
    typing.stop();
    await tellRefusal(error, sink, options);
    return { status: "refused", code: error.code, message: error.message };
  } finally {
    typing.stop();
  }
}

/** The text a chat shows for a result: its text, or why there is none. */
export function answerText(result: RunResult): string {
  if (result.text.trim()) return result.text;
  if (result.status === "failed") return `Sorry, the agent failed: ${result.error?.message ?? "unknown error"}.`;
  if (result.status === "cancelled") return "The answer was cancelled.";
  return "(The agent sent no text.)";
}

async function tellRefusal(error: HostError, sink: ChatReplySink, options: AnswerChatOptions): Promise<void> {
  if (!(error instanceof LinkRequiredError) || challengeDelivery({ isGroup: options.isGroup ?? false }) === "reply") {
    if (error instanceof LinkRequiredError && sink.challenge) return sink.challenge(error.challenge);
    for (const chunk of splitMessage(error.message, sink.limit)) await sink.send(chunk);
    return;
  }
  // A one-time code in a group would be readable by everyone: send it privately, or ask for a DM.
  if (sink.sendPrivately) {
    await sink.sendPrivately(error.message);
    await sink.send("Link this account first: I sent you the instructions in a private message.");
  } else {
    await sink.send("Link this account first: send me a direct message and I will tell you how.");
  }
}

function keepTyping(sink: ChatReplySink, intervalMs: number, onError: (error: unknown) => void): { stop(): void } {
  if (!sink.typing) return { stop() {} };
  const typing = sink.typing.bind(sink);
  const tick = () => void typing().catch(onError);
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
}
