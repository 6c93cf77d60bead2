// Teams 1:1 chats get the answer streamed with the SDK's StreamingResponse (typing chunks that grow,
// then the final message in the same place); a long answer is split; group chats get whole messages.
import { startFakeBotFramework, type ConnectorActivity, type FakeBotFramework } from "agent-host/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startBot, waitFor, type TestBot } from "./_activity-bot.ts";

let fake: FakeBotFramework;
let bot: TestBot;

beforeAll(async () => {
  fake = await startFakeBotFramework();
  bot = await startBot(fake);
});
afterAll(async () => {
  await bot?.close();
  await fake?.close();
});

const streamInfo = (entry: ConnectorActivity) =>
  ((entry.activity.entities ?? []) as Array<{ type: string; streamType?: string }>).find((entity) => entity.type === "streaminfo");

it("streams the answer into one message in a Teams 1:1 chat", async () => {
  const text = Array.from({ length: 60 }, (_, i) => `w${i}`).join(" ");
  await fake.send(bot.endpoint, fake.activity({ text, conversationId: "teams-1on1" }));
  const [message] = await waitFor(() => fake.conversation("teams-1on1", "message"), (messages) => messages[0] !== undefined && streamInfo(messages[0])?.streamType === "final", 5000);
  expect(message?.text).toBe(`You said: ${text}`);
  expect(message?.updates).toBeGreaterThan(0); // it began as a streaming chunk and became the final message
  expect(fake.messages("teams-1on1")).toEqual([`You said: ${text}`]);
});

it("splits an answer longer than a Teams message: the stream ends with the first part, the rest follows", async () => {
  const expected = Array.from({ length: 3000 }, (_, i) => `word${String(i).padStart(4, "0")}`).join(" "); // 26 999 characters
  await fake.send(bot.endpoint, fake.activity({ text: "long 30000", conversationId: "teams-long" }));
  const messages = await waitFor(() => fake.messages("teams-long"), (shown) => shown.join(" ").length >= expected.length, 6000);
  expect(messages.length).toBe(2);
  for (const shown of messages) expect(shown.length).toBeLessThanOrEqual(20_000);
  expect(messages.join(" ")).toBe(expected);
});

it("answers a Teams group mention with a whole message, not a stream", async () => {
  await fake.send(bot.endpoint, fake.activity({ text: "in the group", conversationId: "teams-group", conversationType: "groupChat", mention: true }));
  const [message] = await waitFor(() => fake.conversation("teams-group", "message"), (messages) => messages.length > 0);
  expect(message?.text).toBe("You said: in the group");
  expect(streamInfo(message!)).toBeUndefined();
});
