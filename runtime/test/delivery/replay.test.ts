// Delivery replay: failed entries are re-pushed to the last-seen identity and recorded (attempts + 1),
// delivered ones are never re-sent, a vanished address is skipped, unknown ids are a 404.
import { afterEach, describe, expect, it } from "vitest";
import { evictLastSeen } from "../../src/delivery/last-seen.ts";
import { loadHistory, NotFoundError, type AgentHost, type IdentityResolver } from "../../src/index.ts";
import { deliveriesOf, deliveryHost, pushChannel } from "./_push-channel.ts";

const samePerson: IdentityResolver = { resolve: async (identity) => `person-${identity.nativeId}` };
let host: AgentHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

/** alice seen on "flaky" and "ok"; a run fans out to both; flaky fails its first push only. */
async function fannedOut() {
  let calls = 0;
  const flaky = pushChannel("flaky", { onPush: async () => (++calls === 1 ? { status: "failed", error: { code: "ETIMEDOUT", message: "token=abc123 timed out" } } : { status: "delivered", messageId: "f-2" }) });
  const ok = pushChannel("ok");
  const h = deliveryHost([flaky, ok], { identityResolver: samePerson });
  host = h.host;
  for (const name of ["flaky", "ok"]) await h.send(name, { text: "hi", user: "alice", chat: "c-1" });
  const answer = await h.send("ok", { text: "fan out", user: "alice", target: { kind: "channels", channels: ["flaky", "ok"] } });
  await h.settle();
  const record = await h.host.getContinuation(answer.body.token!);
  const sessionId = record!.session!.id;
  const messageId = (await loadHistory(h.host.store, sessionId)).filter((m) => m.role === "assistant").at(-1)!.id;
  return { ...h, flaky, ok, token: answer.body.token!, sessionId, messageId };
}

describe("replayDeliveries", () => {
  it("turns a failed entry into delivered (attempts 2) without re-sending the delivered one", async () => {
    const run = await fannedOut();
    const before = await deliveriesOf(run.host, run.token);
    expect(before.map((d) => [d.destination, d.status, d.attempts])).toEqual([["flaky:alice", "failed", 1], ["ok:alice", "delivered", 1]]);
    expect(before[0]!.lastError).toEqual({ code: "ETIMEDOUT", message: "token=[redacted] timed out" });
    const okPushes = run.ok.pushes.length;

    const replayed = await run.host.replayDeliveries({ sessionId: run.sessionId, messageId: run.messageId });
    expect(replayed.map((d) => [d.destination, d.status, d.attempts, d.lastError])).toEqual([["flaky:alice", "delivered", 2, null], ["ok:alice", "delivered", 1, null]]);
    expect(replayed[0]).toMatchObject({ messageId: "f-2", deliveryId: before[0]!.deliveryId, firstAttemptAt: before[0]!.firstAttemptAt });
    expect(replayed[0]!.lastAttemptAt! >= before[0]!.lastAttemptAt!).toBe(true);
    expect(run.ok.pushes).toHaveLength(okPushes);
    expect(run.flaky.pushes.at(-1)).toMatchObject({ identity: { channel: "flaky", nativeId: "alice", attributes: { conversationId: "c-1" } }, message: { text: run.flaky.pushes[0]!.message.text } });
    expect(await deliveriesOf(run.host, run.token)).toEqual(replayed); // recorded in history

    const again = await run.host.replayDeliveries({ sessionId: run.sessionId, messageId: run.messageId });
    expect(again).toEqual(replayed); // nothing pending or failed: nothing pushed
    expect(run.flaky.pushes).toHaveLength(2);
  });

  it("only replays the statuses asked for", async () => {
    const run = await fannedOut();
    const replayed = await run.host.replayDeliveries({ sessionId: run.sessionId, messageId: run.messageId, statuses: ["pending"] });
    expect(replayed.map((d) => [d.status, d.attempts])).toEqual([["failed", 1], ["delivered", 1]]);
    expect(run.flaky.pushes).toHaveLength(1);
  });

  it("skips (no_address) a destination whose last-seen address was evicted since (unlink, TTL)", async () => {
    const run = await fannedOut();
    expect(await evictLastSeen(run.store, "person-alice", { channel: "flaky", nativeId: "alice" })).toBe(1);
    const [entry] = await run.host.replayDeliveries({ sessionId: run.sessionId, messageId: run.messageId });
    expect(entry).toMatchObject({ destination: "flaky:alice", status: "skipped", reason: "no_address", attempts: 2 });
    expect(run.flaky.pushes).toHaveLength(1);
    expect((await deliveriesOf(run.host, run.token))[0]).toMatchObject({ status: "skipped", reason: "no_address" });
  });

  it("answers an unknown session or message with a 404 NotFoundError that says what to pass", async () => {
    const run = await fannedOut();
    const unknownSession = run.host.replayDeliveries({ sessionId: "nobody:nothing", messageId: run.messageId });
    await expect(unknownSession).rejects.toBeInstanceOf(NotFoundError);
    await expect(unknownSession).rejects.toMatchObject({ status: 404, code: "session_not_found" });
    await expect(run.host.replayDeliveries({ sessionId: run.sessionId, messageId: "msg_missing" })).rejects.toMatchObject({
      status: 404, code: "message_not_found", message: expect.stringMatching(/Pass the id of the message/),
    });
  });
});
