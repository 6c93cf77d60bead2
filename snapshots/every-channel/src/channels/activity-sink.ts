// How an answer reaches a Bot Service chat: Markdown messages to the activity's serviceUrl, a typing
// indicator, and in Teams 1:1 chats the SDK's StreamingResponse (Teams streams only there).
import { Activity, ActivityTypes } from "@microsoft/agents-activity";
import { MessageFactory, type TurnContext } from "@microsoft/agents-hosting";
import type { ChatReplySink } from "agent-host";

/** Teams takes about 28 KB per message; most other Bot Service channels (Slack, Telegram) about 4000 characters. */
export function messageLimit(channelId: string | undefined): number {
  return channelId === "msteams" ? 20_000 : 4_000;
}

export function markdown(text: string): Activity {
  const message = MessageFactory.text(text);
  message.textFormat = "markdown";
  return message;
}

export interface ActivitySink extends ChatReplySink {
  /** Ends a stream still open (answerChat is done with the sink). */
  finish(): Promise<void>;
}

/** Runs tasks one after another in call order: a typing indicator must not land after the answer. */
export function serial(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

/** Buffered: typing while the agent works, then the answer as whole messages (answerChat splits them). */
export function bufferedSink(context: TurnContext, inOrder = serial()): ActivitySink {
  return {
    limit: messageLimit(context.activity.channelId),
    send: (text) => inOrder(async () => (await context.sendActivity(markdown(text)))?.id),
    typing: () => inOrder(async () => void (await context.sendActivity(Activity.fromObject({ type: ActivityTypes.Typing })))),
    finish: async () => {},
  };
}

const STREAM = "stream";

/**
 * Streamed (Teams 1:1): answerChat shows the answer by editing messages; the first message is the
 * SDK's StreamingResponse, which grows by text chunks. Streams only append, so an edit that is not an
 * extension (answerChat re-cut a long answer) becomes the stream's final text. A second message ends
 * the stream first; later edits of any message are ordinary activity updates.
 */
export function streamingSink(context: TurnContext): ActivitySink {
  const streaming = context.streamingResponse;
  const inOrder = serial();
  const base = bufferedSink(context, inOrder);
  let state: "idle" | "streaming" | "ended" = "idle";
  let streamed = ""; // the text queued so far
  let current = ""; // what the first message should finally say

  const end = async () => {
    if (state !== "streaming") return;
    state = "ended";
    streaming.setFinalMessage(markdown(current));
    await streaming.endStream();
  };
  return {
    ...base,
    // A plain typing activity during a stream would interrupt it.
    typing: () => (state === "idle" ? base.typing!() : Promise.resolve()),
    async send(text) {
      if (state !== "idle") {
        await end();
        return base.send(text);
      }
      state = "streaming";
      streamed = current = text;
      await inOrder(async () => streaming.queueTextChunk(text));
      return STREAM;
    },
    async edit(id, text) {
      if (id === STREAM && state === "streaming") {
        current = text;
        if (text.startsWith(streamed)) streaming.queueTextChunk(text.slice(streamed.length));
        streamed = text.startsWith(streamed) ? text : streamed;
        return;
      }
      const update = markdown(text);
      update.id = id === STREAM ? (streaming.streamId ?? id) : id;
      await inOrder(() => context.updateActivity(update));
    },
    finish: end,
  };
}
