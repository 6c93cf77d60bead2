// Group-conversation rules (SPEC §4) for chat channels: session scope, which group messages are accepted,
// and challengeDelivery: on `direct_message` send the link challenge by DM (or ask the user to DM the bot).

/** How a group conversation maps to sessions. 1:1 chats always use the user key. */
export type ConversationScope = "per_user" | "per_user_per_conversation" | "per_conversation";

/** Which group messages produce a request. Default `mention_only` in groups; 1:1 chats default to `all`. */
export type AcceptInGroup = "mention_only" | "command_only" | "mention_or_command" | "all";

export interface ConversationKeyInput {
  channel: string;
  /** The user's isolation key (or its host-tracked session key). */
  userKey: string;
  conversationId: string;
  isGroup: boolean;
}

/**
 * The session key for a message, or undefined for the host-tracked per-user session (1:1 chats, and
 * groups with `per_user`). Groups default to `per_user_per_conversation` (`<userKey>:<conversationId>`);
 * `per_conversation` shares one session per group (`_conv:<channel>:<conversationId>`).
 */
export function groupSessionKey(scope: ConversationScope | undefined, input: ConversationKeyInput): string | undefined {
  if (!input.isGroup) return undefined;
  switch (scope ?? "per_user_per_conversation") {
    case "per_user":
      return undefined;
    case "per_user_per_conversation":
      return `${input.userKey}:${input.conversationId}`;
    case "per_conversation":
      return `_conv:${input.channel}:${input.conversationId}`;
  }
}

export interface IncomingGroupMessage {
  isGroup: boolean;
  /** The bot was @-mentioned or replied to. */
  mentioned: boolean;
  /** The message is a bot command (`/new`, `/link`, …). */
  isCommand: boolean;
}

/** Whether the message produces a request; a message that does not must be dropped silently. */
export function acceptsMessage(rule: AcceptInGroup | undefined, message: IncomingGroupMessage): boolean {
  switch (rule ?? (message.isGroup ? "mention_only" : "all")) {
    case "all":
      return true;
    case "mention_only":
      return message.mentioned;
    case "command_only":
      return message.isCommand;
    case "mention_or_command":
      return message.mentioned || message.isCommand;
  }
}

/**
 * Where a LinkRequiredError's challenge goes: `reply` in a 1:1 chat; `direct_message` in a group, where
 * a one-time code would be readable by everyone — DM it, or reply only asking the user to DM the bot.
 */
export function challengeDelivery(conversation: { isGroup: boolean }): "reply" | "direct_message" {
  return conversation.isGroup ? "direct_message" : "reply";
}
