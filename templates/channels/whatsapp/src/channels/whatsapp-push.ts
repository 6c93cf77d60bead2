// Proactive messages to a WhatsApp user (results of background runs, fan-out from other channels):
// free-form text only inside the 24-hour window; outside it the push is skipped, never faked.
import { echoLine, splitMessage, type ChannelContext, type ChannelPush, type PushReceipt } from "agent-host";
import { GraphApiError, type GraphClient } from "./whatsapp-graph.ts";
import { LIMIT } from "./whatsapp-turn.ts";
import { insideWindow } from "./whatsapp-window.ts";

export interface PushDeps {
  ctx: ChannelContext;
  name: string;
  graph: GraphClient;
  /** The business number to send from when the user's record does not name one. */
  phoneNumberId?: string;
}

export function whatsappPush({ ctx, name, graph, phoneNumberId }: PushDeps): ChannelPush {
  return async (identity, message): Promise<PushReceipt> => {
    const phone = stringAttribute(identity.attributes?.phone) ?? identity.nativeId;
    const sender = stringAttribute(identity.attributes?.phoneNumberId) ?? phoneNumberId;
    if (!sender) {
      return { status: "failed", error: { code: "no_phone_number_id", message: "No business number to send from: set WHATSAPP_PHONE_NUMBER_ID." } };
    }
    // Outside the window only approved message templates may be sent (not supported here).
    if (!(await insideWindow(ctx.store, name, phone))) return { status: "skipped", reason: "outside_24h_window" };
    try {
      // WhatsApp has no silent messages: the echo of the user's words is a message of its own.
      if (message.echo) for (const chunk of splitMessage(echoLine(message.echo), LIMIT)) await graph.sendText(sender, phone, chunk);
      const messageId = await graph.sendText(sender, phone, message.text);
      return { status: "delivered", ...(messageId ? { messageId } : {}) };
    } catch (error) {
      const failure = error instanceof GraphApiError ? error : new GraphApiError(0, "push_failed", String(error));
      ctx.log.warn(`${name}: push failed: ${failure.message}`);
      return { status: "failed", error: { code: failure.code, message: failure.message } };
    }
  };
}

function stringAttribute(value: unknown): string | undefined {
  return typeof value === "string" && value ? value : undefined;
}
