// Proactive messages: continue the conversation stored in the identity's `reference` attribute (the
// adapter gets an app token from Entra and posts to that conversation's serviceUrl).
import type { ConversationReference } from "@microsoft/agents-activity";
import type { CloudAdapter } from "@microsoft/agents-hosting";
import { answerText, echoLine, splitMessage, type ChannelFormat, type ChannelPush } from "agent-host";
import { markdown, messageLimit } from "./activity-sink.ts";

export function activityFormat(): ChannelFormat {
  // Push does not know the chat yet; 4000 fits every Bot Service channel.
  return (result) => splitMessage(answerText(result), messageLimit(undefined));
}

export function activityPush(adapter: CloudAdapter, appId: string): ChannelPush {
  return async (identity, message) => {
    const reference = identity.attributes?.reference as ConversationReference | undefined;
    if (!reference?.serviceUrl || !reference.conversation?.id) {
      return { status: "skipped", reason: "no_conversation_reference" };
    }
    try {
      let messageId: string | undefined;
      await adapter.continueConversation(appId, reference, async (context) => {
        // Said on another channel: show it first, so the answer has its question.
        if (message.echo) await context.sendActivity(markdown(`_${echoLine(message.echo)}_`));
        messageId = (await context.sendActivity(markdown(message.text)))?.id;
      });
      return { status: "delivered", messageId };
    } catch (error) {
      return { status: "failed", error: { code: "bot_connector_error", message: error instanceof Error ? error.message : String(error) } };
    }
  };
}
