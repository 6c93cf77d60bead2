// The activity channel end to end with the real Agents SDK against the fake Bot Service: answers on the
// connector, typing, identities, group mentions, commands, linking, push with echoes, retries, expectReplies.
import { codeLinker, ResponseTargets } from "agent-host";
import { startFakeBotFramework, type FakeBotFramework } from "agent-host/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { settle, startBot, waitFor, type TestBot } from "./_activity-bot.ts";

let fake: FakeBotFramework;
let bot: TestBot | undefined;
let counter = 0;
const conversation = () => `conv-${++counter}`;

beforeAll(async () => {
  fake = await startFakeBotFramework();
});
afterAll(() => fake?.close());
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

describe("a message turn", () => {
  it("acknowledges at once, shows typing, then answers in Markdown as a reply, with an app token from Entra", async () => {
    bot = await startBot(fake);
    const conversationId = conversation();
    const inbound = fake.activity({ text: "hello **there**", conversationId, channelId: "webchat" });
    const response = await fake.send(bot.endpoint, inbound);
    expect(response.status).toBe(200);
    const [answer] = await waitFor(() => fake.conversation(conversationId, "message"), (messages) => messages.length > 0);
    expect(answer?.text).toBe("You said: hello **there**");
    expect(answer?.activity).toMatchObject({ textFormat: "markdown", replyToId: inbound.id, conversation: { id: conversationId } });
    expect(fake.conversation(conversationId).map((activity) => activity.type)).toEqual(["typing", "message"]);
    // Every connector call carried a token the fake's token endpoint issued for the Bot Framework scope.
    expect(fake.calls.filter((call) => call.conversationId === conversationId).every((call) => call.status === 201)).toBe(true);
    expect(fake.tokenRequests.some((request) => request.scope === "https://api.botframework.com/.default" && request.accessToken)).toBe(true);
  });

  it("identifies Teams users by their Entra object id and others by their channel id", async () => {
    const identities: Array<{ nativeId: string; displayName?: string }> = [];
    bot = await startBot(fake, { channel: { runHook: (request) => (identities.push(request.identity!), request) } });
    await fake.send(bot.endpoint, fake.activity({ text: "hi", conversationId: conversation(), userId: "29:teams-user", aadObjectId: "00000000-aaaa-4bbb-8ccc-000000000001", conversationType: "groupChat", mention: true }));
    await fake.send(bot.endpoint, fake.activity({ text: "hi", conversationId: conversation(), userId: "dl_web_user", channelId: "directline" }));
    await waitFor(() => identities.length, (length) => length === 2);
    expect(identities.map((identity) => identity.nativeId).sort()).toEqual(["00000000-aaaa-4bbb-8ccc-000000000001", "dl_web_user"]);
    expect(identities[0]?.displayName).toBe("Ada Lovelace");
  });

  it("answers a retried activity (same id) only once", async () => {
    bot = await startBot(fake);
    const conversationId = conversation();
    const inbound = fake.activity({ text: "once", conversationId, channelId: "webchat" });
    expect((await fake.send(bot.endpoint, inbound)).status).toBe(200);
    expect((await fake.send(bot.endpoint, inbound)).status).toBe(200);
    await waitFor(() => fake.messages(conversationId), (messages) => messages.length > 0);
    await settle();
    expect(bot.agent.calls).toHaveLength(1);
    expect(fake.messages(conversationId)).toEqual(["You said: once"]);
  });

  it("answers expectReplies callers in the HTTP response instead of the connector", async () => {
    bot = await startBot(fake);
    const conversationId = conversation();
    const response = await fake.send(bot.endpoint, fake.activity({ text: "inline", conversationId, channelId: "directline", extra: { deliveryMode: "expectReplies" } }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { activities: Array<{ type: string; text?: string }> };
    expect(body.activities.filter((activity) => activity.type === "message").map((activity) => activity.text)).toEqual(["You said: inline"]);
    expect(fake.conversation(conversationId)).toEqual([]);
  });
});

describe("activities that are not messages", () => {
  it.each([
    ["conversationUpdate", { type: "conversationUpdate", extra: { membersAdded: [{ id: "29:user-1" }] } }],
    ["typing", { type: "typing" }],
    ["messageReaction", { type: "messageReaction", extra: { reactionsAdded: [{ type: "like" }] } }],
    ["an unknown type", { type: "somethingNew" }],
    ["invoke", { type: "invoke", extra: { name: "adaptiveCard/action" } }],
    ["a message without text", { type: "message" }],
  ])("%s is acknowledged with 200 and never reaches the agent", async (_label, message) => {
    bot = await startBot(fake);
    const conversationId = conversation();
    const response = await fake.send(bot.endpoint, fake.activity({ conversationId, ...message }));
    expect(response.status).toBe(200);
    await settle();
    expect(bot.agent.calls).toEqual([]);
    expect(fake.conversation(conversationId, "message")).toEqual([]);
  });
});

describe("group chats", () => {
  it("answers only messages that @mention the bot, without the mention", async () => {
    bot = await startBot(fake);
    const conversationId = conversation();
    await fake.send(bot.endpoint, fake.activity({ text: "chatter among people", conversationId, conversationType: "groupChat" }));
    await fake.send(bot.endpoint, fake.activity({ text: "/new", conversationId, conversationType: "channel" }));
    await settle();
    expect(bot.agent.calls).toEqual([]);
    await fake.send(bot.endpoint, fake.activity({ text: "what is new?", conversationId, conversationType: "groupChat", mention: true }));
    const [answer] = await waitFor(() => fake.messages(conversationId), (messages) => messages.length > 0);
    expect(answer).toBe("You said: what is new?");
    expect(bot.agent.calls.map((call) => call.text)).toEqual(["what is new?"]);
  });
});

describe("commands, linking and push", () => {
  it("runs /new without the agent", async () => {
    bot = await startBot(fake);
    const conversationId = conversation();
    await fake.send(bot.endpoint, fake.activity({ text: "/new", conversationId, channelId: "webchat" }));
    const [reply] = await waitFor(() => fake.messages(conversationId), (messages) => messages.length > 0);
    expect(reply).toMatch(/new conversation/i);
    expect(bot.agent.calls).toEqual([]);
  });

  it("links two channels with /link, pushes an answer there with the question echoed first, and unlinks with /unlink", async () => {
    bot = await startBot(fake, {
      host: { identityLinker: codeLinker },
      // Messages on the second bot are answered on the first one (fan-out): push, with an attributed echo.
      extraChannels: [{ name: "activity-b", path: "/b", runHook: (request) => ({ ...request, responseTarget: ResponseTargets.channel("activity") }) }],
    });
    const [here, there] = [conversation(), conversation()];
    const other = `${bot.url}/b/messages`;
    await fake.send(bot.endpoint, fake.activity({ text: "hi", conversationId: here, userId: "user-here", channelId: "webchat" }));
    await waitFor(() => fake.messages(here), (messages) => messages.length > 0);
    await fake.send(bot.endpoint, fake.activity({ text: "/link", conversationId: here, userId: "user-here", channelId: "webchat" }));
    const instructions = (await waitFor(() => fake.messages(here), (messages) => messages.length > 1))[1];
    const code = /\/link (\d{6})/.exec(instructions ?? "")?.[1];
    expect(code).toBeTruthy();
    await fake.send(other, fake.activity({ text: `/link ${code}`, conversationId: there, userId: "user-there", channelId: "directline" }));
    await waitFor(() => fake.messages(there), (messages) => messages.some((message) => /^Linked/.test(message)));

    await fake.send(other, fake.activity({ text: "ping from b", conversationId: there, userId: "user-there", channelId: "directline" }));
    const pushed = await waitFor(() => fake.messages(here), (messages) => messages.length >= 4);
    expect(pushed.slice(2)).toEqual(["_You, via activity-b: ping from b_", "You said: ping from b"]);
    expect(bot.agent.calls.map((call) => call.text)).toEqual(["hi", "ping from b"]);

    await fake.send(bot.endpoint, fake.activity({ text: "/unlink", conversationId: here, userId: "user-here", channelId: "webchat" }));
    await waitFor(() => fake.messages(here), (messages) => messages.some((message) => /^Unlinked/.test(message)));
  });

  it("pushes a Markdown message to the conversation reference stored with the identity", async () => {
    bot = await startBot(fake);
    const conversationId = conversation();
    await fake.send(bot.endpoint, fake.activity({ text: "remember me", conversationId, channelId: "webchat" }));
    await waitFor(() => fake.messages(conversationId), (messages) => messages.length > 0);
    const isolationKey = bot.agent.calls[0]?.isolationKey ?? "";
    const records = await bot.host.deliver(isolationKey, "A proactive *hello*", ResponseTargets.channel("activity"));
    expect(records.map((record) => record.status)).toEqual(["delivered"]);
    const pushed = fake.conversation(conversationId, "message").at(-1);
    expect(pushed?.activity).toMatchObject({ text: "A proactive *hello*", textFormat: "markdown" });
  });
});

describe("configuration", () => {
  it("answers 503 naming the missing settings when the app id, password or tenant is not set", async () => {
    bot = await startBot(fake, { channel: { appId: "", appPassword: "", tenantId: "" } });
    const response = await fake.send(bot.endpoint, fake.activity({ text: "hi", conversationId: conversation() }));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: expect.stringMatching(/MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID.*README/) });
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });
});
