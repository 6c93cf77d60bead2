// A run hook that sends the result elsewhere (any response target but originating): the invocation is
// answered 202 with its id to poll — for plain, streamed and WebSocket calls alike.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { ResponseTargets } from "agent-host";
import { pollUntilDone, postJson, startHost, type TestHost } from "./invocations-helpers.ts";

let server: TestHost;
beforeAll(async () => (server = await startHost({ runHook: (request) => ({ ...request, responseTarget: ResponseTargets.none }) })));
afterAll(() => server.close());

describe("deferred by the run hook", () => {
  it("answers 202 with the invocation id as its token, and the result is there to poll", async () => {
    const started = await postJson(`${server.url}/invocations`, { message: "elsewhere" }, { "x-agent-invocation-id": "inv-relay-1" });
    expect(started.status).toBe(202);
    expect(await started.json()).toEqual({ invocation_id: "inv-relay-1", status: "running", session_id: expect.any(String) });
    expect(await pollUntilDone(`${server.url}/invocations/inv-relay-1`)).toMatchObject({ status: "completed", response: "You said: elsewhere" });
  });

  it("answers a stream request with the same 202 instead of events", async () => {
    const started = await postJson(`${server.url}/invocations`, { message: "no stream", stream: true });
    expect(started.status).toBe(202);
    expect(started.headers.get("content-type")).toContain("application/json");
    const { invocation_id } = (await started.json()) as { invocation_id: string };
    expect(started.headers.get("x-agent-invocation-id")).toBe(invocation_id);
  });

  it("answers a WebSocket frame with a queued frame naming the invocation", async () => {
    const socket = new WebSocket(`${server.url.replace("http", "ws")}/invocations_ws`);
    await new Promise<void>((resolve, reject) => socket.once("open", () => resolve()).once("error", reject));
    const frame = new Promise<Record<string, unknown>>((resolve) => socket.once("message", (data) => resolve(JSON.parse(String(data)))));
    socket.send(JSON.stringify({ message: "over the socket" }));
    const queued = await frame;
    socket.close();
    expect(queued).toMatchObject({ type: "queued", invocation_id: expect.any(String) });
    expect(await pollUntilDone(`${server.url}/invocations/${String(queued.invocation_id)}`)).toMatchObject({ response: "You said: over the socket" });
  });
});
