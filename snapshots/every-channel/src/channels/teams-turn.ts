// One Teams message → one turn: who is speaking, group rules (mention the bot, mention stripped),
// `/new`-style commands, then answerChat through the turn's send/stream. Turns run after the HTTP 200.
import { stripMentionsText, type IMessageActivity } from "@microsoft/teams.api";
import type { IActivityContext } from "@microsoft/teams.apps";
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
import { bufferedSink, markdown, streamingSink } from "./teams-sink.ts";

export interface TeamsTurnOptions {
  name: string;
  /** Stream answers in 1:1 chats. */
  streaming: boolean;
  groupScope?: ConversationScope;
  acceptInGroup?: AcceptInGroup;
}

export interface TeamsTurns {
  /** Checks the message and starts its turn in the background; Teams gets its 200 at once. */
  accept(context: IActivityContext<IMessageActivity>): Promise<void>;
  /** Waits for the turns still running (host shutdown). */
  drain(): Promise<void>;
}

export function teamsTurns(ctx: ChannelContext, options: TeamsTurnOptions): TeamsTurns {
  const running = new Set<Promise<void>>();

  const run = async ({ activity, send, stream }: IActivityContext<IMessageActivity>) => {
    const isGroup = activity.conversation.conversationType !== "personal";
    const botId = activity.recipient.id;
    const mentioned = (activity.entities ?? []).some((entity) => entity.type === "mention" && "mentioned" in entity && entity.mentioned.id === botId);
    // "<at>Agent</at> hello" → "hello": the mention addresses the bot, it is not part of the question.
    const text = (stripMentionsText(activity, { accountId: botId }) ?? "").trim();
    if (!text) return; // a card, a file, or an empty mention
    if (!acceptsMessage(options.acceptInGroup, { isGroup, mentioned, isCommand: parseCommand(text) !== undefined })) return;

    const conversationId = activity.conversation.id;
    // aadObjectId is the user's Entra object id; the request's token vouches for the activity.
    const identity: ChannelIdentity = {
      channel: options.name,
      nativeId: activity.from.aadObjectId ?? activity.from.id,
      displayName: activity.from.name,
      attributes: { conversationId, serviceUrl: activity.serviceUrl, tenantId: activity.conversation.tenantId },
    };
    const reply = async (answer: string) => void (await send(markdown(answer)));
    const sessionKey = groupSessionKey(options.groupScope, { channel: options.name, userKey: identity.nativeId, conversationId, isGroup });
    const session = sessionKey ? { key: sessionKey } : undefined;
    if (await ctx.command({ text, identity, conversationId, session, rawEvent: activity, reply })) return;

    const request = createChannelRequest({
      channel: options.name,
      input: text,
      identity,
      conversationId,
      session,
      metadata: { conversationType: activity.conversation.conversationType ?? "" },
    });
    // Teams streams in 1:1 chats only; in groups and channels: typing, then whole messages.
    const sink = options.streaming && !isGroup ? streamingSink({ send, stream }) : bufferedSink({ send, stream });
    try {
      await answerChat(ctx, request, sink, { isGroup, protocolRequest: activity, editIntervalMs: 250 });
    } finally {
      await sink.finish();
    }
  };

  return {
    async accept(context) {
      const { activity } = context;
      // Teams retries an activity it thinks failed, with the same id: answer it once.
      if (activity.id && !(await claimOnce(ctx.store, options.name, `${activity.conversation.id}:${activity.id}`))) return;
      // The SDK would hold the HTTP request open until the handler returns; Teams retries slow webhooks.
      // So the handler returns now and the turn goes on: send and stream work after the request ended.
      const turn = run(context).catch((error: unknown) => ctx.log.error(`${options.name}: turn failed`, { activityId: activity.id, error: String(error) }));
      running.add(turn);
      void turn.finally(() => running.delete(turn));
    },
    async drain() {
      await Promise.allSettled([...running]);
    },
  };
}
