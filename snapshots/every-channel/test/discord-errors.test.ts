// Bodies Discord signed but this bot cannot use: each gets a 400 with a reason (never a 5xx) and nothing
// reaches the agent — fixed cases, and fast-check properties for the parser and the endpoint.
import { echoAgent, type AgentTarget } from "agent-host";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeJson, DiscordInputError, parseInteraction } from "../src/channels/discord-interaction.ts";
import { startBot, type TestBot } from "./_discord-host.ts";

let bot: TestBot;
let calls = 0;
const echo = echoAgent();
const agent: AgentTarget = { ...echo, run: (input, context) => (calls++, echo.run(input, context)) };
beforeAll(async () => {
  bot = await startBot({ host: { target: agent } });
});
afterAll(() => bot.close());

/** A valid slash-command interaction with `change` applied. */
const commandWith = (change: (interaction: Record<string, unknown>) => void) => {
  const interaction = bot.discord.command({ name: "ask", options: { prompt: "hi" } });
  change(interaction);
  return interaction;
};

describe("signed but malformed interactions", () => {
  it.each([
    ["a body that is not JSON", () => '{"type": 2, "data": '],
    ["a JSON array", () => "[1, 2, 3]"],
    ["text that is not JSON", () => "hello, bot"],
    ["a message component (type 3)", () => commandWith((i) => (i.type = 3))],
    ["an autocomplete request (type 4)", () => commandWith((i) => (i.type = 4))],
    ["no token", () => commandWith((i) => delete i.token)],
    ["a token with a slash", () => commandWith((i) => (i.token = "../../channels/1/messages"))],
    ["no user", () => commandWith((i) => delete i.user)],
    ["a user id that is not a snowflake", () => commandWith((i) => (i.user = { id: "../1" }))],
    ["no channel id", () => commandWith((i) => delete i.channel_id)],
    ["options that are not an array", () => commandWith((i) => (i.data = { name: "ask", type: 1, options: { prompt: "hi" } }))],
    ["an option without a value", () => commandWith((i) => (i.data = { name: "ask", type: 1, options: [{ name: "prompt", type: 3 }] }))],
    ["a subcommand", () => commandWith((i) => (i.data = { name: "ask", type: 1, options: [{ name: "sub", type: 1, options: [] }] }))],
    ["a user context-menu command", () => commandWith((i) => (i.data = { name: "ask", type: 2 }))],
  ])("refuses %s with 400 and a reason", async (_, body) => {
    const response = await bot.discord.send(bot.endpoint, body());
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error.length).toBeGreaterThan(10);
    expect(calls).toBe(0);
  });

  it("verifies the raw bytes: signed bytes that are not UTF-8 get 400, the same bytes signed differently 401", async () => {
    const body = Uint8Array.from([0x7b, 0xff, 0x7d]);
    const post = (headers: Record<string, string>) => fetch(bot.endpoint, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
    const refused = await post(bot.discord.sign(body));
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: expect.stringContaining("UTF-8") });
    // Signed over the text a careless server would decode the bytes to (U+FFFD for 0xff): not what was sent.
    expect((await post(bot.discord.sign(new TextDecoder().decode(body)))).status).toBe(401);
    expect(calls).toBe(0);
  });
});

describe("properties", () => {
  it("parseInteraction accepts or refuses any JSON value with a DiscordInputError, never another error", () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.record({ type: fc.constantFrom(1, 2, 3), data: fc.jsonValue(), token: fc.string(), id: fc.string(), channel_id: fc.string(), user: fc.jsonValue() })), (value) => {
        try {
          parseInteraction(value);
        } catch (error) {
          expect(error).toBeInstanceOf(DiscordInputError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("decodeJson refuses arbitrary bytes only with a DiscordInputError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          decodeJson(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(DiscordInputError);
        }
      }),
    );
  });

  it("a well-formed command keeps its name and option values as strings", () => {
    const snowflake = fc.bigInt({ min: 1n, max: 2n ** 63n }).map(String);
    const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.double({ noNaN: true }));
    fc.assert(
      fc.property(snowflake, snowflake, fc.string({ minLength: 1, maxLength: 32 }).filter((s) => /^[-_\p{L}\p{N}]+$/u.test(s)), fc.dictionary(fc.stringMatching(/^[a-z_]{1,32}$/u), value, { maxKeys: 25 }), (userId, channelId, name, options) => {
        const parsed = parseInteraction({
          type: 2, id: "1", token: "abc", channel_id: channelId, user: { id: userId, username: "ada" },
          data: { name, type: 1, options: Object.entries(options).map(([key, v]) => ({ name: key, type: 3, value: v })) },
        });
        expect(parsed).toMatchObject({ kind: "command", name, user: { id: userId, name: "ada" }, channelId, isGroup: false });
        expect(parsed.kind === "command" && { ...parsed.options }).toEqual(Object.fromEntries(Object.entries(options).map(([key, v]) => [key, String(v)])));
      }),
    );
  });

  it("the endpoint answers any signed body without a 5xx and without calling the agent", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify({ type: 2, data: v }))), async (body) => {
        const response = await bot.discord.send(bot.endpoint, body);
        expect([200, 400]).toContain(response.status);
      }),
      { numRuns: 60 },
    );
    expect(calls).toBe(0);
  });
});
