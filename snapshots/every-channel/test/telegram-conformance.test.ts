// The chat-channel conformance suite from agent-host/testing, run against the telegram channel and the
// fake Bot API: real Update JSON by webhook, the secret header as the signature, the chat as the fake shows it.
import { describeChatChannelConformance, startFakeTelegram, type FakeChatMessage, type FakeTelegram } from "agent-host/testing";
import { telegramChannel } from "../src/channels/telegram.ts";

const SECRET = "conformance-secret";

describeChatChannelConformance("telegram", {
  defaultRoot: "/telegram",
  groups: true,
  async start() {
    const telegram: FakeTelegram = await startFakeTelegram();
    // Telegram user ids are numbers: give each of the suite's user names one.
    const userIds = new Map<string, number>();
    const userId = (name: string) => userIds.get(name) ?? (userIds.set(name, 7_000_000 + userIds.size), userIds.get(name) as number);
    const update = (message: FakeChatMessage) =>
      telegram.textUpdate({ text: message.text, chatId: message.chatId, userId: userId(message.userId), chatType: message.group ? "supergroup" : "private", mention: message.mention ?? false });
    return {
      channel: ({ path, runHook }) =>
        telegramChannel({ token: telegram.token, webhookSecret: SECRET, mode: "webhook", apiRoot: telegram.apiRoot, publicUrl: "", editIntervalMs: 50, ...(path ? { path } : {}), runHook }),
      sendMessage: (hostUrl, root, message) => telegram.postUpdate(`${hostUrl}${root}/webhook`, update(message), SECRET),
      sendForged: (hostUrl, root, message) => telegram.postUpdate(`${hostUrl}${root}/webhook`, update(message), "forged-secret"),
      sendMalformed: (hostUrl, root) => telegram.postUpdate(`${hostUrl}${root}/webhook`, '{"update_id": 1, "message": {', SECRET),
      messages: (chatId) => telegram.messages(chatId),
      limit: 4096,
      close: () => telegram.close(),
    };
  },
});
