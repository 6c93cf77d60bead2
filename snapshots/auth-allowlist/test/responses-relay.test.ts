// The trusted-relay pattern through the official openai client: a backend sends `hosting: { appUserId,
// pushTo }` (Python's `extra_body`), a run hook maps it to an identities target, the client gets a queued
// response it can retrieve, and the answer is pushed to the other channel.
import {
  createAgentHost, echoAgent, memoryStore, ResponseTargets, silentLogger,
  type AgentHost, type Channel, type ChannelIdentity, type OutboundMessage, type RunHook,
} from "agent-host";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { responsesChannel } from "../src/channels/responses.ts";
import { waitUntilDone } from "./_responses-host.ts";

interface Hosting {
  appUserId?: string;
  pushTo?: Array<{ channel: string; nativeId: string }>;
}

/** Trust `hosting` only from callers that hold the API key: here the backend is the only such caller. */
const relay: RunHook = (request) => {
  const hosting = request.attributes.hosting as Hosting | undefined;
  if (!hosting?.appUserId || !hosting.pushTo?.length) return request;
  return {
    ...request,
    identity: { channel: request.channel, nativeId: hosting.appUserId },
    responseTarget: ResponseTargets.identities(hosting.pushTo.map(({ channel, nativeId }) => ({ channel, nativeId }))),
  };
};

const pushed: Array<{ identity: ChannelIdentity; message: OutboundMessage }> = [];
/** A channel that only pushes (think SMS): it records what the host sends. */
const phone: Channel = {
  name: "phone",
  path: "/phone",
  contribute: () => ({
    push: async (identity, message) => {
      pushed.push({ identity, message });
      return { status: "delivered", messageId: `sms-${pushed.length}` };
    },
  }),
};

let host: AgentHost;
let client: OpenAI;
beforeAll(async () => {
  host = createAgentHost({ target: echoAgent(), channels: [responsesChannel({ apiKey: "", runHook: relay }), phone], store: memoryStore(), logger: silentLogger });
  const { url } = await host.serve({ port: 0 });
  client = new OpenAI({ apiKey: "test", baseURL: `${url}/responses/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await host?.close({ timeoutMs: 2000 });
});

async function pushesReach(count: number): Promise<void> {
  for (let i = 0; i < 200 && pushed.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe("trusted relay", () => {
  it("answers queued, pushes the result to the named identity, and the response can be retrieved", async () => {
    const response = await client.responses.create({
      model: "echo",
      input: "remind me to call mum",
      // @ts-expect-error `hosting` is the relay envelope, not an OpenAI field (Python: extra_body={"hosting": …})
      hosting: { appUserId: "app-user-1", pushTo: [{ channel: "phone", nativeId: "+4915550001" }] },
    });
    expect(response).toMatchObject({ status: "queued", background: true, output_text: "" });
    const done = await waitUntilDone(client, response.id);
    expect(done.status).toBe("completed");
    expect(done.output_text).toBe("You said: remind me to call mum");
    await pushesReach(1);
    expect(pushed).toEqual([
      { identity: { channel: "phone", nativeId: "+4915550001" }, message: { result: expect.objectContaining({ status: "completed" }), text: "You said: remind me to call mum" } },
    ]);
  });

  it("a streaming relay request follows the queued run to its end", async () => {
    const stream = await client.responses.create({
      model: "echo",
      input: "stream it",
      stream: true,
      // @ts-expect-error relay envelope, as above
      hosting: { appUserId: "app-user-2", pushTo: [{ channel: "phone", nativeId: "+4915550002" }] },
    });
    const events = [];
    for await (const event of stream) events.push(event);
    expect(events[0]).toMatchObject({ type: "response.created", response: { status: "queued", background: true } });
    const last = events.at(-1);
    expect(last?.type === "response.completed" && last.response.output_text).toBe("You said: stream it");
    await pushesReach(2);
    expect(pushed[1]?.identity.nativeId).toBe("+4915550002");
  });

  it("without the envelope, the same channel answers in the response as usual", async () => {
    const response = await client.responses.create({ model: "echo", input: "plain" });
    expect(response).toMatchObject({ status: "completed", output_text: "You said: plain" });
  });
});
