// The teams channel end to end with the real Teams SDK against the fake Bot Service: streamed 1:1
// answers, whole group answers, typing, commands, the link challenge as an Adaptive Card, push.
import { codeLinker, ResponseTargets, type IdentityLinker } from "agent-host";
import { startFakeBotFramework, type ConnectorActivity, type FakeBotFramework } from "agent-host/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { settle, startBot, waitFor, type TestBot } from "./_teams-bot.ts";

let fake: FakeBotFramework;
let bot: TestBot | undefined;
let counter = 0;
const conversation = () => `a:teams-${++counter}`;
const token = () => fake.signToken({ issuer: "botframework" });

beforeAll(async () => {
  fake = await startFakeBotFramework();
});
afterAll(() => fake?.close());
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

const entities = (entry: ConnectorActivity | undefined) => (entry?.activity.entities ?? []) as Array<{ type: string; streamType?: string }>;

describe("message turns", () => {
  it("streams a 1:1 answer with the SDK's stream: typing first, then one message that was a stream", async () => {
    bot = await startBot(fake);
    const conversationId = conversation();
    const response = await fake.send(bot.endpoint, fake.activity({ text: "hello **teams**", conversationId, aadObjectId: "00000000-aaaa-4bbb-8ccc-000000000002" }), token());
    expect(response.status).toBe(200);
    const [message] = await waitFor(() => fake.conversation(conversationId, "message"), (messages) => messages.length > 0);
    expect(message?.text).toBe("You said: hello **teams**");
    expect(entities(message).find((entity) => entity.type === "streaminfo")?.streamType).toBe("final");
    expect(message?.activity.textFormat).toBe("markdown");
    expect(fake.conversation(conversationId)[0]?.type).toBe("typing");
  });

  it("answers an @mention in a group chat with a whole message, without the mention, and ignores the rest", async () => {
    bot = await startBot(fake);
    const conversationId = conversation();
    await fake.send(bot.endpoint, fake.activity({ text: "people talking", conversationId, conversationType: "groupChat" }), token());
    await settle();
    expect(bot.agent.calls).toEqual([]);
    await fake.send(bot.endpoint, fake.activity({ text: "summarize", conversationId, conversationType: "channel", mention: true }), token());
    const [message] = await waitFor(() => fake.conversation(conversationId, "message"), (messages) => messages.length > 0);
    expect(message?.text).toBe("You said: summarize");
    expect(entities(message).some((entity) => entity.type === "streaminfo")).toBe(false);
    expect(bot.agent.calls.map((call) => call.text)).toEqual(["summarize"]);
  });

  it.each([["conversationUpdate"], ["messageReaction"], ["invoke"], ["somethingNew"]])("acknowledges %s with 200 without calling the agent", async (type) => {
    bot = await startBot(fake);
    const conversationId = conversation();
    const response = await fake.send(bot.endpoint, fake.activity({ type, conversationId }), token());
    expect(response.status).toBe(200);
    await settle();
    expect(bot.agent.calls).toEqual([]);
    expect(fake.conversation(conversationId, "message")).toEqual([]);
  });

  it("runs /new without the agent", async () => {
    bot = await startBot(fake);
    const conversationId = conversation();
    await fake.send(bot.endpoint, fake.activity({ text: "/new", conversationId }), token());
    const [reply] = await waitFor(() => fake.messages(conversationId), (messages) => messages.length > 0);
    expect(reply).toMatch(/new conversation/i);
    expect(bot.agent.calls).toEqual([]);
  });
});

describe("linking", () => {
  it("shows the link challenge as an Adaptive Card with the one-time code", async () => {
    bot = await startBot(fake, { host: { identityLinker: codeLinker, requireLink: true } });
    const conversationId = conversation();
    await fake.send(bot.endpoint, fake.activity({ text: "hi", conversationId }), token());
    const [card] = await waitFor(() => fake.conversation(conversationId, "message"), (messages) => messages.length > 0);
    const attachment = (card?.activity.attachments as Array<{ contentType: string; content: { body: Array<{ text: string }> } }>)[0];
    expect(attachment?.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(card?.text).toMatch(/Link your account[\s\S]*\/link (\d{6})[\s\S]*\n\d{6}$/);
    expect(bot.agent.calls).toEqual([]);
  });

  it("gives the card a sign-in button when the linker has a URL", async () => {
    const oauthLinker: IdentityLinker = {
      name: "oauth",
      begin: async () => ({ challengeId: "c1", instructions: "Sign in with your work account.", url: "https://login.example/authorize?state=c1", expiresAt: new Date(Date.now() + 60_000).toISOString() }),
      complete: async () => "never",
      isLinked: async () => false,
    };
    bot = await startBot(fake, { host: { identityLinker: oauthLinker, requireLink: true } });
    const conversationId = conversation();
    await fake.send(bot.endpoint, fake.activity({ text: "hi", conversationId }), token());
    const [card] = await waitFor(() => fake.conversation(conversationId, "message"), (messages) => messages.length > 0);
    const content = (card?.activity.attachments as Array<{ content: { actions?: Array<{ type: string; url: string; title: string }> } }>)[0]?.content;
    expect(content?.actions).toEqual([expect.objectContaining({ type: "Action.OpenUrl", url: "https://login.example/authorize?state=c1", title: "Sign in" })]);
  });
});

describe("push", () => {
  it("sends proactively to the stored conversation with app.send", async () => {
    bot = await startBot(fake);
    const conversationId = conversation();
    await fake.send(bot.endpoint, fake.activity({ text: "remember me", conversationId }), token());
    await waitFor(() => fake.messages(conversationId), (messages) => messages.length > 0);
    const records = await bot.host.deliver(bot.agent.calls[0]?.isolationKey ?? "", "Your report is ready.", ResponseTargets.channel("teams"));
    expect(records.map((record) => record.status)).toEqual(["delivered"]);
    expect(fake.messages(conversationId).at(-1)).toBe("Your report is ready.");
  });
});

describe("configuration", () => {
  it("answers 503 naming CLIENT_ID, CLIENT_SECRET and TENANT_ID when they are not set", async () => {
    bot = await startBot(fake, { channel: { clientId: "", clientSecret: "", tenantId: "" } });
    const response = await fake.send(bot.endpoint, fake.activity({ text: "hi", conversationId: conversation() }), token());
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: expect.stringMatching(/CLIENT_ID and CLIENT_SECRET and TENANT_ID.*README/) });
  });
});
