// The out-of-band rule decided after the run hook: a hook that picks another target turns run and stream
// into a continuation (named by the channel's token if it gives one), and a hook that picks originating wins too.
import { afterEach, describe, expect, it } from "vitest";
import { redactText } from "../../src/delivery/_redact.ts";
import { splitText } from "../../src/delivery/format.ts";
import { createChannelRequest, ResponseTargets, type AgentHost, type RunHook } from "../../src/index.ts";
import { deliveryHost, pushChannel } from "./_push-channel.ts";

const toTelegram: RunHook = (request) => ({ ...request, responseTarget: ResponseTargets.channel("tg") });
const identity = { channel: "api", nativeId: "alice" };
const samePerson = { resolve: async (i: { nativeId: string }) => `person-${i.nativeId}` };

let host: AgentHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

describe("run hook switches the response target", () => {
  it("ctx.run answers with a continuation, and the result is pushed", async () => {
    const tg = pushChannel("tg");
    const api = pushChannel("api", { canPush: false, runHook: toTelegram });
    const h = deliveryHost([tg, api], { identityResolver: samePerson });
    host = h.host;
    await h.send("tg", { text: "hi", user: "alice" });
    const outcome = await api.ctx.run(createChannelRequest({ channel: "api", input: "do it", identity }), { token: "run_mine" });
    expect(outcome.result).toBeUndefined();
    expect(outcome.continuation).toMatchObject({ token: "run_mine", status: "queued", responseTarget: { kind: "channel", channel: "tg" } });
    expect(outcome.session?.isolationKey).toBe("person-alice");
    await h.settle();
    expect(tg.pushes.map((p) => [p.message.echo?.from, p.message.text])).toEqual([["api", expect.stringContaining("do it")]]);
  });

  it("ctx.stream answers with a continuation instead of updates", async () => {
    const api = pushChannel("api", { runHook: toTelegram });
    const h = deliveryHost([pushChannel("tg"), api]);
    host = h.host;
    const run = await api.ctx.stream(createChannelRequest({ channel: "api", input: "stream?", identity, stream: true }));
    expect(run.updates).toBeUndefined();
    expect(run.continuation?.status).toBe("queued");
  });

  it("the HTTP channel answers 202 with the token", async () => {
    const h = deliveryHost([pushChannel("tg"), pushChannel("api", { runHook: toTelegram })]);
    host = h.host;
    const answer = await h.send("api", { text: "hi", user: "alice" });
    expect(answer).toMatchObject({ status: 202, body: { token: expect.stringMatching(/^run_/), status: "queued" } });
  });

  it("a hook that sets originating back gets the answer in the response", async () => {
    const h = deliveryHost([pushChannel("api", { runHook: (request) => ({ ...request, responseTarget: ResponseTargets.originating }) })]);
    host = h.host;
    const answer = await h.send("api", { text: "here please", user: "alice", target: { kind: "allLinked" } });
    expect(answer).toEqual({ status: 200, body: { text: "You said: here please" } });
  });
});

describe("format and redaction helpers", () => {
  it("splitText keeps every word and respects the limit", () => {
    const text = "alpha beta gamma\n\ndelta epsilon zeta eta theta";
    const chunks = splitText(text, 20);
    expect(chunks.every((chunk) => chunk.length <= 20)).toBe(true);
    expect(chunks.join(" ").split(/\s+/)).toEqual(text.split(/\s+/));
    expect(splitText("short", 20)).toEqual(["short"]);
  });

  it("redactText removes tokens, bot paths, query strings and long secrets", () => {
    expect(redactText("Authorization: Bearer abc.def")).toBe("Authorization: Bearer [redacted]");
    expect(redactText("api_key=sk-123 and password: hunter2")).toBe("api_key=[redacted] and password: [redacted]");
    expect(redactText("GET https://graph.example.com/v19/123/messages?access_token=x")).toBe("GET https://graph.example.com/v19/123/messages?[redacted]");
    expect(redactText(`id ${"a".repeat(40)} end`)).toBe("id [redacted] end");
    expect(redactText("x".repeat(1000)).length).toBeLessThanOrEqual(300);
  });
});
