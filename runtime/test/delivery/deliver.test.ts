// Delivery rules: the LinkPolicy drops destinations, channels without push fall back to the originating
// one, a failing push is recorded (redacted) without blocking the others, and deliveries[] is written first.
import { afterEach, describe, expect, it } from "vitest";
import { splitText } from "../../src/delivery/format.ts";
import { sameTier, type AgentHost, type IdentityResolver, type StoredMessage } from "../../src/index.ts";
import { HISTORY_NAMESPACE } from "../../src/session/history.ts";
import { deliveriesOf, deliveryHost, pushChannel } from "./_push-channel.ts";

const samePerson: IdentityResolver = { resolve: async (identity) => `person-${identity.nativeId}` };
let host: AgentHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

describe("delivery", () => {
  it("drops a destination the LinkPolicy refuses (skipped: policy) and falls back to the originating channel", async () => {
    const work = pushChannel("work", { confidentialityTier: "corporate" });
    const home = pushChannel("home", { confidentialityTier: "personal" });
    const h = deliveryHost([work, home], { identityResolver: samePerson, linkPolicy: sameTier });
    host = h.host;
    await h.send("home", { text: "hi", user: "alice" });
    const answer = await h.send("work", { text: "secret plan", user: "alice", target: { kind: "channel", channel: "home" } });
    await h.settle();
    expect(home.pushes).toEqual([]);
    expect(work.pushes.map((p) => [p.identity.nativeId, p.message.echo])).toEqual([["alice", undefined]]);
    expect((await deliveriesOf(host, answer.body.token!)).map((d) => [d.destination, d.status, d.reason])).toEqual([
      ["home:alice", "skipped", "policy"], ["work:alice", "delivered", "fallback"],
    ]);
    expect(h.log.lines.some((l) => l.level === "warn" && /originating channel/.test(l.message))).toBe(true);
  });

  it("skips a destination without push (no_push) and delivers on the originating channel with a warning", async () => {
    const tg = pushChannel("tg");
    const api = pushChannel("api", { canPush: false });
    const h = deliveryHost([tg, api], { identityResolver: samePerson });
    host = h.host;
    await h.send("api", { text: "hi", user: "alice" });
    const answer = await h.send("tg", { text: "send it to the api", user: "alice", target: { kind: "channel", channel: "api" } });
    await h.settle();
    expect(tg.pushes).toHaveLength(1);
    expect((await deliveriesOf(host, answer.body.token!)).map((d) => [d.destination, d.status, d.reason])).toEqual([
      ["api:alice", "skipped", "no_push"], ["tg:alice", "delivered", "fallback"],
    ]);
    expect(h.log.lines.filter((l) => l.level === "warn")).toHaveLength(1);
  });

  it("records a failing push as failed with a redacted error while the others deliver", async () => {
    const secretUrl = "https://api.telegram.org/bot123456:AAHk-very-secret-token/sendMessage?chat_id=42";
    const broken = pushChannel("broken", { onPush: async () => { throw Object.assign(new Error(`POST ${secretUrl} failed: Bearer sk-live-abc`), { code: "ECONNRESET" }); } });
    const refusing = pushChannel("refusing", { onPush: async () => ({ status: "failed", error: { code: "window_closed", message: "Outside the 24 h window" } }) });
    const ok = pushChannel("ok");
    const h = deliveryHost([broken, refusing, ok], { identityResolver: samePerson });
    host = h.host;
    for (const name of ["broken", "refusing", "ok"]) await h.send(name, { text: "hi", user: "alice" });
    const answer = await h.send("ok", { text: "fan out", user: "alice", target: { kind: "channels", channels: ["broken", "refusing", "ok"] } });
    await h.settle();
    expect(ok.pushes).toHaveLength(1);
    const [failed, refused, delivered] = await deliveriesOf(host, answer.body.token!);
    expect(failed).toMatchObject({ destination: "broken:alice", status: "failed", attempts: 1, lastError: { code: "ECONNRESET" } });
    expect(failed!.lastError!.message).toBe("POST https://api.telegram.org/bot[redacted]/sendMessage?[redacted] failed: Bearer [redacted]");
    expect(refused).toMatchObject({ status: "failed", lastError: { code: "window_closed", message: "Outside the 24 h window" } });
    expect(delivered).toMatchObject({ destination: "ok:alice", status: "delivered", lastError: null });
    expect(delivered!.firstAttemptAt).toBeDefined();
  });

  it("writes every entry as pending in history before the first push", async () => {
    const seenByPush: unknown[] = [];
    const inspecting = pushChannel("inspect", {
      onPush: async () => {
        const history = (await host!.store.get<{ messages: StoredMessage[] }>(HISTORY_NAMESPACE, sessionId!))?.value.messages ?? [];
        seenByPush.push(history.at(-1)?.deliveries?.map((d) => [d.destination, d.status, d.attempts, d.lastError]));
        return { status: "delivered", messageId: "m-1" };
      },
    });
    let sessionId: string | undefined;
    const h = deliveryHost([inspecting, pushChannel("other", { canPush: false })], { identityResolver: samePerson });
    host = h.host;
    await h.send("other", { text: "hi", user: "alice" });
    const answer = await h.send("inspect", { text: "audit me", user: "alice", target: { kind: "allLinked" } });
    sessionId = (await host.getContinuation(answer.body.token!))?.session?.id;
    await h.settle();
    expect(seenByPush).toEqual([[["inspect:alice", "pending", 0, null], ["other:alice", "skipped", 0, null]]]);
    expect((await deliveriesOf(host, answer.body.token!)).map((d) => d.status)).toEqual(["delivered", "skipped"]);
  });

  it("echoes the input before the reply on other channels, and splits long replies with the channel's format", async () => {
    const tg = pushChannel("tg", { format: (result) => splitText(result.text, 16) });
    const chat = pushChannel("chat");
    const h = deliveryHost([tg, chat], { identityResolver: samePerson });
    host = h.host;
    await h.send("tg", { text: "hi", user: "alice" });
    await h.send("chat", { text: "hi", user: "alice" });
    await h.send("chat", { text: "one two three four", user: "alice", target: { kind: "allLinked" } });
    await h.settle();
    const texts = tg.pushes.map((p) => p.message.text);
    expect(texts.join(" ")).toBe("You said: one two three four (message 3 in this conversation)");
    expect(texts.every((text) => text.length <= 16)).toBe(true);
    expect(tg.pushes.map((p) => p.message.chunk)).toEqual(texts.map((_, index) => ({ index, count: texts.length })));
    expect(tg.pushes.slice(1).map((p) => p.message.echo)).toEqual(texts.slice(1).map(() => undefined)); // echo once, first
    expect(tg.pushes[0]!.message.echo).toEqual({ text: "one two three four", from: "chat" });
    expect(chat.pushes.map((p) => p.message.echo)).toEqual([undefined]);
  });
});
