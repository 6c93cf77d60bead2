// One inbound message activity → one turn: who is speaking, group rules (mention the bot, mention
// stripped), `/new`-style commands, then answerChat through the right sink. Turns run after the HTTP 200.
import { Activity, DeliveryModes, type ConversationReference } from "@microsoft/agents-activity";
import type { TurnContext } from "@microsoft/agents-hosting";
import {
  acceptsMessage,
  answerChat,
  claimOnce,
  createChannelRequest,
  groupSessionKey,
  parseCommand,
  type AcceptInGroup,
  type ChannelContext,
  type ChannelIdentity,
  type ConversationScope,
} from "agent-host";
import { bufferedSink, markdown, streamingSink } from "./activity-sink.ts";

export interface TurnOptions {
  name: string;
  /** Stream answers in Teams 1:1 chats. */
  streaming: boolean;
  groupScope?: ConversationScope;
  acceptInGroup?: AcceptInGroup;
}

export interface ActivityTurns {
  /** Checks the message and starts its turn; resolves as soon as the Bot Service may get its 200. */
  accept(context: TurnContext): Promise<void>;
  /** Waits for the turns still running (host shutdown). */
  drain(): Promise<void>;
}

export function activityTurns(ctx: ChannelContext, options: TurnOptions): ActivityTurns {
  const running = new Set<Promise<void>>();

  const run = async (context: TurnContext) => {
    const activity = context.activity;
    const conversationType = activity.conversation?.conversationType ?? (activity.conversation?.isGroup ? "groupChat" : "personal");
    const isGroup = conversationType !== "personal";
    const botId = activity.recipient?.id;
    const mentioned = (activity.entities ?? []).some((entity) => entity.type === "mention" && (entity.mentioned as { id?: string } | undefined)?.id === botId);
    // "<at>Agent</at> hello" → "hello": the mention addresses the bot, it is not part of the question.
    const text = (mentioned ? activity.removeRecipientMention() : (activity.text ?? "")).replace(/<\/?at>/g, "").trim();
    if (!text) return; // attachments only, or an empty mention
    const isCommand = parseCommand(text) !== undefined;
    if (!acceptsMessage(options.acceptInGroup, { isGroup, mentioned, isCommand })) return;

    const user = activity.from ?? {};
    // aadObjectId is the user's Entra object id (Teams sends it; the request's token vouches for it).
    const identity: ChannelIdentity = {
      channel: options.name,
      nativeId: user.aadObjectId ?? user.id ?? "",
      displayName: user.name,
      attributes: { reference: conversationReference(context), tenantId: activity.conversation?.tenantId },
    };
    const conversationId = activity.conversation?.id ?? "";
    const reply = async (answer: string) => void (await context.sendActivity(markdown(answer)));
    const sessionKey = groupSessionKey(options.groupScope, { channel: options.name, userKey: identity.nativeId, conversationId, isGroup });
    const session = sessionKey ? { key: sessionKey } : undefined;
    if (await ctx.command({ text, identity, conversationId, session, rawEvent: activity, reply })) return;

    const request = createChannelRequest({
      channel: options.name,
      input: text,
      identity,
      conversationId,
      session,
      metadata: { channelId: activity.channelId ?? "", conversationType },
    });
    // Teams streams in 1:1 chats only; elsewhere typing, then the answer in whole messages.
    const sink = options.streaming && activity.channelId === "msteams" && !isGroup ? streamingSink(context) : bufferedSink(context);
    try {
      await answerChat(ctx, request, sink, { isGroup, protocolRequest: activity, editIntervalMs: 250 });
    } finally {
      await sink.finish();
    }
  };

  return {
    async accept(context) {
      // Copied now: the SDK revokes this context when the HTTP request ends.
      const activity = Activity.fromObject(context.activity);
      // The Bot Service retries an activity it thinks failed, with the same id: answer it once.
      if (activity.id && !(await claimOnce(ctx.store, options.name, `${activity.conversation?.id}:${activity.id}`))) return;
      const failed = (error: unknown) => ctx.log.error(`${options.name}: turn failed`, { activityId: activity.id, error: String(error) });
      // expectReplies callers read the answers from this HTTP response: answer inside the request.
      if (activity.deliveryMode === DeliveryModes.ExpectReplies) return run(context).catch(failed);
      // Everyone else gets the 200 now (the Bot Service retries slow webhooks) and the answer after,
      // in a continuation of the conversation — the SDK's own long-running-message pattern.
      const turn = context.adapter
        .continueConversation(context.identity, activity.getConversationReference(), async (later) => {
          Object.assign(later.activity, activity); // the continuation answers this very message
          await run(later);
        })
        .catch(failed);
      running.add(turn);
      void turn.finally(() => running.delete(turn));
    },
    async drain() {
      await Promise.allSettled([...running]);
    },
  };
}

/** Where push sends later: the conversation, the user and the bot, without the message being answered. */
function conversationReference(context: TurnContext): ConversationReference {
  const { activityId: _answered, ...reference } = context.activity.getConversationReference();
  return JSON.parse(JSON.stringify(reference)) as ConversationReference;
}
