// How an answer reaches a Teams chat: Markdown messages and typing through the turn's `send`, the SDK's
// `stream` in 1:1 chats (Teams streams only there), and the link challenge as an Adaptive Card.
import { MessageActivityInput, TypingActivityInput } from "@microsoft/teams.api";
import type { IActivityContext } from "@microsoft/teams.apps";
import { AdaptiveCard, OpenUrlAction, TextBlock } from "@microsoft/teams.cards";
import type { ChatReplySink, LinkChallenge } from "agent-host";

/** Teams takes about 28 KB per message (text and markup); 20 000 characters leaves room for Markdown. */
export const TEAMS_LIMIT = 20_000;

export const markdown = (text: string, id?: string) => new MessageActivityInput(text, id ? { id } : {}).withTextFormat("markdown");

/** The link challenge as a card: its instructions, the code large, and a sign-in button for OAuth linkers. */
export function challengeCard(challenge: LinkChallenge): MessageActivityInput {
  const card = new AdaptiveCard(
    new TextBlock("Link your account", { size: "Large", weight: "Bolder" }),
    new TextBlock(challenge.instructions, { wrap: true }),
    ...(challenge.code ? [new TextBlock(challenge.code, { size: "ExtraLarge", fontType: "Monospace" })] : []),
  );
  if (challenge.url) card.withActions(new OpenUrlAction(challenge.url, { title: "Sign in" }));
  return new MessageActivityInput().addCard("adaptive", card);
}

export interface TeamsSink extends ChatReplySink {
  /** Ends a stream still open (answerChat is done with the sink). */
  finish(): Promise<void>;
}

type TurnTools = Pick<IActivityContext, "send" | "stream">;

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
export function bufferedSink({ send }: TurnTools, inOrder = serial()): TeamsSink {
  return {
    limit: TEAMS_LIMIT,
    send: (text) => inOrder(async () => (await send(markdown(text))).id),
    typing: () => inOrder(async () => void (await send(new TypingActivityInput()))),
    challenge: (challenge) => inOrder(async () => void (await send(challengeCard(challenge)))),
    finish: async () => {},
  };
}

const STREAM = "stream";

/**
 * Streamed (1:1 chats): answerChat shows the answer by editing messages; the first message is the SDK's
 * stream. An edit that is not an extension (answerChat re-cut a long answer) replaces the streamed text
 * (`clearText`); a second message closes the stream first; later edits are ordinary message updates.
 */
export function streamingSink(tools: TurnTools): TeamsSink {
  const inOrder = serial();
  const base = bufferedSink(tools, inOrder);
  let state: "idle" | "streaming" | "closed" = "idle";
  let streamed = "";
  let streamedId: string | undefined;

  const close = async () => {
    if (state !== "streaming") return;
    state = "closed";
    streamedId = (await tools.stream.close())?.id;
  };
  return {
    ...base,
    // A plain typing activity during a stream would interrupt it.
    typing: () => (state === "idle" ? base.typing!() : Promise.resolve()),
    async send(text) {
      if (state !== "idle") {
        await close();
        return base.send(text);
      }
      state = "streaming";
      streamed = text;
      await inOrder(async () => tools.stream.emit(markdown(text)));
      return STREAM;
    },
    async edit(id, text) {
      if (id === STREAM && state === "streaming") {
        if (!text.startsWith(streamed)) tools.stream.clearText();
        tools.stream.emit(markdown(text.startsWith(streamed) ? text.slice(streamed.length) : text));
        streamed = text;
        return;
      }
      const target = id === STREAM ? streamedId : id;
      if (target) await inOrder(() => tools.send(markdown(text, target)));
    },
    finish: close,
  };
}
