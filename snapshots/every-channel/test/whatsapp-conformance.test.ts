// The whatsapp channel passes the chat-channel conformance suite against the fake Graph server.
// WhatsApp chats with a business are one to one: the chat id is the user's phone, and there are no groups.
import { describeChatChannelConformance, startFakeWhatsApp, type FakeChatMessage } from "agent-host/testing";
import { whatsappChannel } from "../src/channels/whatsapp.ts";

describeChatChannelConformance("whatsapp", {
  defaultRoot: "/whatsapp",
  groups: false,
  async start() {
    const fake = await startFakeWhatsApp();
    const webhook = (hostUrl: string, root: string) => `${hostUrl}${root}/webhook`;
    // The phone number is both the user and the chat: the suite's chat id plays the phone.
    const text = (message: FakeChatMessage) => fake.textMessage({ from: message.chatId, text: message.text });
    return {
      channel: (options) => whatsappChannel({ ...fake.channelOptions, ...options }),
      sendMessage: (hostUrl, root, message) => fake.deliver(webhook(hostUrl, root), text(message)),
      sendForged: (hostUrl, root, message) => fake.deliver(webhook(hostUrl, root), text(message), { secret: "forged-secret" }),
      sendMalformed: (hostUrl, root) => fake.deliver(webhook(hostUrl, root), '{"entry": [{"changes": [{"field": "messages", "value": '),
      messages: (chatId) => fake.messages(chatId),
      limit: 4096,
      close: () => fake.close(),
    };
  },
});
