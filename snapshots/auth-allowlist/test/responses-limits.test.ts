// Oversize input the agent must never see: WebSocket frames over the body limit, ids and identifiers too
// long (or of characters) no store can keep — always a 4xx in OpenAI's shape, nothing run, short log lines.
import { echoAgent, memoryStore, type AgentTarget, type Logger } from "agent-host";
import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { WebSocket } from "ws";
import { startHost, type TestHost } from "./_responses-host.ts";

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

let host: TestHost;
beforeAll(async () => {
  host = await startHost({ target: countingAgent, logger });
});
afterAll(async () => {
  await host?.close();
});
afterEach(() => {
  const ran = runs;
  const logged = lines.splice(0);
  runs = 0;
  // Nothing oversize reached the agent, and no log line carries the oversize value.
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

async function rejection(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(OpenAI.APIError);
  return error as InstanceType<typeof OpenAI.APIError>;
}

describe("WebSocket frames over the body limit", () => {
  it("closes the socket with 1009 and stores nothing; the host answers afterwards", async () => {
    const store = memoryStore();
    const limited = await startHost({ target: countingAgent, store, logger, maxBodyBytes: LIMIT });
    onTestFinished(() => limited.close());
    const wsUrl = `${limited.baseURL.replace("http", "ws")}/responses`;
    const { socket, frames, closed } = await openSocket(wsUrl);
    const frame = JSON.stringify({ type: "response.create", model: "echo", input: "x".repeat(LIMIT) });
    expect(frame.length).toBeGreaterThan(LIMIT);
    socket.send(frame);
    expect(await closed).toBe(1009);
    expect(frames).toEqual([]);
    expect(await store.list("responses")).toEqual([]);

    // The host is fine: a frame within the limit on a new socket, and plain HTTP.
    const next = await openSocket(wsUrl);
    next.socket.send(JSON.stringify({ type: "response.create", model: "echo", input: "y".repeat(LIMIT - 1024) }));
    await expect.poll(() => next.frames.map((event) => event.type)).toContain("response.completed");
    next.socket.close();
    const answer = await limited.client.responses.create({ model: "echo", input: "still here" });
    expect(answer.output_text).toBe("You said: still here");
    expect(runs).toBe(2);
    runs = 0;
  });
});

describe("identifiers in the create body", () => {
  const long = "a".repeat(600);
  it.each([
    ["safety_identifier", { safety_identifier: "s".repeat(129) }, "safety_identifier"],
    ["safety_identifier", { safety_identifier: long }, "safety_identifier"],
    ["safety_identifier", { safety_identifier: "tab\there" }, "safety_identifier"],
    ["safety_identifier", { safety_identifier: "half \ud83d pair" }, "safety_identifier"],
    ["user", { user: long }, "user"],
    ["user (900 KB)", { user: "u".repeat(900_000) }, "user"],
    ["conversation", { conversation: long }, "conversation"],
    ["conversation", { conversation: "conv 🙂" }, "conversation"],
    ["conversation.id", { conversation: { id: long } }, "conversation.id"],
  ])("refuses %s that no store can keep with 400 before the agent runs", async (_name, fields, param) => {
    const error = await rejection(host.client.responses.create({ model: "echo", input: "hi", ...fields }));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.error).toEqual({ message: expect.any(String), type: "invalid_request_error", param, code: "invalid_request" });
    expect(error.message.length).toBeLessThan(500);
  });

  it("takes a safety_identifier of OpenAI's 128 characters, e-mail-like ids included", async () => {
    await host.client.responses.create({ model: "echo", input: "hi", safety_identifier: "s".repeat(128) });
    await host.client.responses.create({ model: "echo", input: "hi", user: "ada+test@example.com" });
    expect(runs).toBe(2);
    runs = 0;
  });

  it.each([["600 characters", "a".repeat(600)], ["an emoji", "resp_🙂"], ["NUL", "resp_\u0000x"]])("answers a previous_response_id with %s, which cannot exist, with 404", async (_name, id) => {
    const error = await rejection(host.client.responses.create({ model: "echo", input: "hi", previous_response_id: id }));
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error.error).toEqual({ message: expect.any(String), type: "invalid_request_error", param: "previous_response_id", code: "not_found" });
    expect(error.message.length).toBeLessThan(500);
  });

  it("answers a long conversation in a WebSocket frame with an error event and keeps the socket", async () => {
    const { socket, frames } = await openSocket(`${host.baseURL.replace("http", "ws")}/responses`);
    socket.send(JSON.stringify({ type: "response.create", model: "echo", input: "hi", conversation: "c".repeat(600) }));
    await expect.poll(() => frames.length).toBe(1);
    expect(frames[0]).toMatchObject({ type: "error", status: 400, error: { type: "invalid_request_error", param: "conversation" } });
    expect(socket.readyState).toBe(WebSocket.OPEN);
    socket.close();
  });
});

describe("ids on the id routes", () => {
  const ids = [["600 characters", `resp_${"a".repeat(600)}`], ["an emoji", "🙂"], ["NUL", "resp_\u0000x"], ["a space", "a b"]];
  const notFound = async (promise: Promise<unknown>) => {
    const error = await rejection(promise);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error.error).toEqual({ message: expect.any(String), type: "invalid_request_error", param: "response_id", code: "not_found" });
    expect(error.message.length).toBeLessThan(500);
  };

  it.each(ids)("answers retrieve, cancel, delete and input_items of an id with %s with 404", async (_name, id) => {
    await notFound(host.client.responses.retrieve(id));
    await notFound(host.client.responses.cancel(id));
    await notFound(host.client.responses.delete(id));
    await notFound(host.client.responses.inputItems.list(id));
  });

  it("answers the reference poll route GET /v1/:id with 404 too", async () => {
    const response = await fetch(`${host.baseURL}/${"b".repeat(600)}`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { message: expect.any(String), type: "invalid_request_error", param: "response_id", code: "not_found" },
    });
  });
});
