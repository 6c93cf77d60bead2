// The activity channel passes the chat conformance suite against the fake Bot Service: tokens signed
// by the fake's Entra key, answers read from the fake Bot Connector.
import { describeChatChannelConformance, startFakeBotFramework } from "agent-host/testing";
import { activityChannel } from "../src/channels/activity.ts";

describeChatChannelConformance("activity", {
  defaultRoot: "/api",
  groups: true,
  async start() {
    const fake = await startFakeBotFramework();
    // 1:1 chats come from Web Chat (answered whole), group chats from Teams.
    const activity = (message: { userId: string; chatId: string; text: string; group?: boolean; mention?: boolean }) =>
      fake.activity({
        text: message.text,
        conversationId: message.chatId,
        userId: message.userId,
        channelId: message.group ? "msteams" : "webchat",
        conversationType: message.group ? "groupChat" : "personal",
        mention: message.mention,
      });
    return {
      channel: ({ path, runHook }) =>
        activityChannel({
          path, runHook,
          appId: fake.appId, appPassword: fake.appPassword, tenantId: fake.tenantId,
          authorityEndpoint: fake.authorityEndpoint,
          serviceUrlHosts: [new URL(fake.serviceUrl).hostname],
        }),
      sendMessage: (url, root, message) => fake.send(`${url}${root}/messages`, activity(message)),
      sendForged: (url, root, message) => fake.send(`${url}${root}/messages`, activity(message), fake.foreignToken()),
      sendMalformed: (url, root) => fake.send(`${url}${root}/messages`, "{ not json"),
      messages: (chatId) => fake.messages(chatId),
      limit: 4000,
      close: () => fake.close(),
    };
  },
});
