// The teams channel passes the chat conformance suite against the fake Bot Service: Bot Framework tokens
// signed by the fake's key (validated by the Teams SDK itself), answers read from the fake connector.
import { describeChatChannelConformance, startFakeBotFramework } from "agent-host/testing";
import { teamsChannel } from "../src/channels/teams.ts";

describeChatChannelConformance("teams", {
  defaultRoot: "/teams",
  groups: true,
  async start() {
    const fake = await startFakeBotFramework();
    const activity = (message: { userId: string; chatId: string; text: string; group?: boolean; mention?: boolean }) =>
      fake.activity({ text: message.text, conversationId: message.chatId, userId: message.userId, conversationType: message.group ? "groupChat" : "personal", mention: message.mention });
    const url = (hostUrl: string, root: string) => `${hostUrl}${root}/api/messages`;
    return {
      channel: ({ path, runHook }) =>
        teamsChannel({ path, runHook, clientId: fake.appId, clientSecret: fake.appPassword, tenantId: fake.tenantId, cloud: fake.teamsCloud, serviceUrl: fake.serviceUrl }),
      sendMessage: (hostUrl, root, message) => fake.send(url(hostUrl, root), activity(message), fake.signToken({ issuer: "botframework" })),
      sendForged: (hostUrl, root, message) => fake.send(url(hostUrl, root), activity(message), fake.foreignToken({ issuer: "botframework" })),
      sendMalformed: (hostUrl, root) => fake.send(url(hostUrl, root), "{ not json", fake.signToken({ issuer: "botframework" })),
      messages: (chatId) => fake.messages(chatId),
      limit: 20_000,
      close: () => fake.close(),
    };
  },
});
