// Oversize or unsafe input the agent must never see: WebSocket frames over the body limit, session and
// invocation ids no header or store can carry — a 4xx `{ error }` before anything runs, short log lines.
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import WebSocket from "ws";
import { echoAgent, type AgentTarget, type Logger } from "agent-host";
import { postJson, startHost, type TestHost } from "./invocations-helpers.ts";

const LIMIT = 64 * 1024;
let runs = 0;
const lines: string[] = [];
const echo = echoAgent();
/** The echo agent, counting its runs. */
const countingAgent: AgentTarget = {
  ...echo,
  run(input, context) {
    runs++;
    return echo.run(input, context);
  },
};
const capture = (message: string, fields?: Record<string, unknown>) => void lines.push(`${message} ${JSON.stringify(fields ?? {})}`);
const logger: Logger = { info: capture, warn: capture, error: capture };

let server: TestHost;
beforeAll(async () => (server = await startHost({}, countingAgent, { logger })));
afterAll(() => server.close());
afterEach(() => {
  const ran = runs;
  const logged = lines.splice(0);
  runs = 0;
  expect(ran).toBe(0);
  for (const line of logged) expect(line.length).toBeLessThan(2_000);
});

async function openSocket(url: string) {
  const socket = new WebSocket(url);
  const frames: Array<Record<string, unknown>> = [];
  socket.on("message", (data) => frames.push(JSON.parse(String(data))));
  const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  return { socket, frames, closed };
}

describe("WebSocket frames over the body limit", () => {
  it("closes the socket with 1009 before the agent runs; the host answers afterwards", async () => {
    const limited = await startHost({}, countingAgent, { logger, maxBodyBytes: LIMIT });
    onTestFinished(() => limited.close());
    const wsUrl = `${limited.url.replace("http", "ws")}/invocations_ws`;
    const { socket, frames, closed } = await openSocket(wsUrl);
    socket.send(JSON.stringify({ message: "x".repeat(LIMIT) }));
    expect(await closed).toBe(1009);
    expect(frames).toEqual([]);

    const next = await openSocket(wsUrl);
    next.socket.send(JSON.stringify({ message: "y".repeat(LIMIT - 1024) }));
    await expect.poll(() => next.frames.at(-1)?.type).toBe("done");
    next.socket.close();
    const answer = await postJson(`${limited.url}/invocations`, { message: "still here" });
    expect(await answer.json()).toEqual({ response: "You said: still here" });
    expect(runs).toBe(2);
    runs = 0;
  });
});

describe("session ids", () => {
  it.each([["an emoji", "%F0%9F%99%82x"], ["NUL", "%00"], ["a space", "a%20b"], ["CR LF", "a%0D%0Ab"], ["600 characters", "a".repeat(600)]])(
    "answers an agent_session_id with %s with 400 { error } before the agent runs",
    async (_name, raw) => {
      for (const route of ["/invocations", "/invocations/invoke"]) {
        for (const body of [{ message: "hi" }, { message: "hi", stream: true }, { message: "hi", background: true }]) {
          const response = await postJson(`${server.url}${route}?agent_session_id=${raw}`, body);
          expect(response.status).toBe(400);
          expect(response.headers.get("x-agent-session-id")).toBeNull();
          const { error } = (await response.json()) as { error: string };
          expect(error).toMatch(/^agent_session_id must be/);
        }
      }
    },
  );

  it("checks the x-agent-session-id header the same way", async () => {
    const response = await postJson(`${server.url}/invocations`, { message: "hi" }, { "x-agent-session-id": "a b" });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: expect.stringMatching(/^agent_session_id must be/) });
  });

  it("refuses an unsafe agent_session_id on the WebSocket before the handshake", async () => {
    const socket = new WebSocket(`${server.url.replace("http", "ws")}/invocations_ws?agent_session_id=%F0%9F%99%82`);
    const status = await new Promise<number | undefined>((resolve) => socket.once("unexpected-response", (_req, res) => resolve(res.statusCode)));
    expect(status).toBe(400);
  });

  it("never echoes a session key a run hook made unsafe into the header", async () => {
    const rewriting = await startHost({ runHook: (request) => ({ ...request, session: { key: "🙂 mine" } }) }, countingAgent, { logger });
    onTestFinished(() => rewriting.close());
    const response = await postJson(`${rewriting.url}/invocations`, { message: "hi" });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-agent-session-id")).toBeNull();
    expect(await response.json()).toEqual({ response: "You said: hi" });
    expect(runs).toBe(1);
    runs = 0;
  });
});

describe("invocation ids", () => {
  it.each([["a space", "a b"], ["129 characters", "i".repeat(129)], ["a slash", "inv/1"]])("answers an x-agent-invocation-id with %s with 400 and does not echo it", async (_name, id) => {
    const response = await postJson(`${server.url}/invocations`, { message: "hi" }, { "x-agent-invocation-id": id });
    expect(response.status).toBe(400);
    expect(response.headers.get("x-agent-invocation-id")).toBeNull();
    expect(await response.json()).toEqual({ error: expect.stringMatching(/^x-agent-invocation-id must be/) });
  });

  it.each([["600 characters", "t".repeat(600)], ["an emoji", "%F0%9F%99%82"], ["NUL", "a%00b"]])("answers GET and cancel of an id with %s, which cannot exist, with 404", async (_name, token) => {
    for (const response of [await fetch(`${server.url}/invocations/${token}`), await postJson(`${server.url}/invocations/${token}/cancel`, {})]) {
      expect(response.status).toBe(404);
      const { error } = (await response.json()) as { error: string };
      expect(error).toMatch(/^No invocation/);
      expect(error.length).toBeLessThan(300);
    }
  });
});
