// The responses channel through the official openai client against a real host: create, streaming
// event order, session continuity, background runs, cancel, delete, input items and failures.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHost, waitUntilDone, type TestHost } from "./_responses-host.ts";

let host: TestHost;
let slow: TestHost;
beforeAll(async () => {
  host = await startHost();
  slow = await startHost({ agent: { delayMs: 100 } });
});
afterAll(async () => {
  await host?.close();
  await slow?.close();
});

const STREAM_ORDER = (deltas: number, terminal = "response.completed") => [
  "response.created",
  "response.in_progress",
  "response.output_item.added",
  "response.content_part.added",
  ...Array<string>(deltas).fill("response.output_text.delta"),
  "response.output_text.done",
  "response.content_part.done",
  "response.output_item.done",
  terminal,
];

describe("create", () => {
  it("answers with a Response object whose output_text is the agent's reply", async () => {
    const response = await host.client.responses.create({ model: "echo", input: "hello there" });
    expect(response.id).toMatch(/^resp_/);
    expect(response.object).toBe("response");
    expect(response.status).toBe("completed");
    expect(response.output_text).toBe("You said: hello there");
    expect(response.output[0]).toMatchObject({ type: "message", role: "assistant", status: "completed" });
    expect(response.output[0]?.type === "message" && response.output[0].id).toMatch(/^msg_/);
    expect(response.usage).toMatchObject({ input_tokens: 2, output_tokens: 4, total_tokens: 6, input_tokens_details: { cached_tokens: 0 } });
    expect(response.model).toBe("echo");
  });

  it("takes input as messages with text parts", async () => {
    const response = await host.client.responses.create({
      model: "echo",
      instructions: "Be brief.",
      input: [{ role: "user", content: [{ type: "input_text", text: "parts work" }] }],
    });
    expect(response.output_text).toBe("You said: parts work");
    expect(response.instructions).toBe("Be brief.");
  });
});

describe("streaming", () => {
  it("emits the exact event order with rising sequence numbers", async () => {
    const stream = await host.client.responses.create({ model: "echo", input: "one two three", stream: true });
    const events = [];
    for await (const event of stream) events.push(event);
    // "You said: one two three" streams as five words.
    expect(events.map((event) => event.type)).toEqual(STREAM_ORDER(5));
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    const done = events.at(-1);
    expect(done?.type === "response.completed" && done.response.output_text).toBe("You said: one two three");
  });

  it("passes the client's strictest check: responses.stream().finalResponse()", async () => {
    const deltas: string[] = [];
    const stream = host.client.responses.stream({ model: "echo", input: "stream me" });
    stream.on("response.output_text.delta", (event) => deltas.push(event.delta));
    const response = await stream.finalResponse();
    expect(response.status).toBe("completed");
    expect(response.output_text).toBe("You said: stream me");
    expect(deltas.join("")).toBe("You said: stream me");
    // The streamed response is stored like any other.
    expect((await host.client.responses.retrieve(response.id)).output_text).toBe("You said: stream me");
  });
});

describe("sessions", () => {
  it("continues the conversation with previous_response_id", async () => {
    const first = await host.client.responses.create({ model: "echo", input: "first" });
    const second = await host.client.responses.create({ model: "echo", input: "second", previous_response_id: first.id });
    expect(second.output_text).toBe("You said: second (message 2 in this conversation)");
    expect(second.previous_response_id).toBe(first.id);
    const third = await host.client.responses.stream({ model: "echo", input: "third", previous_response_id: second.id }).finalResponse();
    expect(third.output_text).toBe("You said: third (message 3 in this conversation)");
  });

  it("continues the conversation with conversation (string or { id })", async () => {
    const conversation = `conv_${Date.now()}`;
    await host.client.responses.create({ model: "echo", input: "a", conversation });
    const second = await host.client.responses.create({ model: "echo", input: "b", conversation: { id: conversation } });
    expect(second.output_text).toBe("You said: b (message 2 in this conversation)");
  });

  it("starts a fresh session without either", async () => {
    await host.client.responses.create({ model: "echo", input: "one" });
    const other = await host.client.responses.create({ model: "echo", input: "two" });
    expect(other.output_text).toBe("You said: two");
  });

  it("rejects previous_response_id together with conversation (400, param)", async () => {
    const first = await host.client.responses.create({ model: "echo", input: "x" });
    const error = await host.client.responses
      .create({ model: "echo", input: "y", previous_response_id: first.id, conversation: "conv_1" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe("previous_response_id");
  });

  it("rejects an unknown previous_response_id with 404", async () => {
    const error = await host.client.responses.create({ model: "echo", input: "y", previous_response_id: "resp_nope" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).param).toBe("previous_response_id");
  });
});

describe("background", () => {
  it("queues, then retrieve reports completion with the output", async () => {
    const queued = await host.client.responses.create({ model: "echo", input: "later please", background: true });
    expect(queued.status).toBe("queued");
    expect(queued.background).toBe(true);
    const done = await waitUntilDone(host.client, queued.id);
    expect(done.status).toBe("completed");
    expect(done.output_text).toBe("You said: later please");
    // The reference poll route: GET /v1/:token
    const polled = await (await fetch(`${host.baseURL}/${queued.id}`)).json();
    expect(polled).toMatchObject({ id: queued.id, status: "completed", output_text: "You said: later please" });
    // A background response continues like any other.
    const next = await host.client.responses.create({ model: "echo", input: "and now", previous_response_id: queued.id });
    expect(next.output_text).toBe("You said: and now (message 2 in this conversation)");
  });

  it("streams a background run: created, queued, …, completed", async () => {
    const stream = await host.client.responses.create({ model: "echo", input: "bg stream", background: true, stream: true });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types).toEqual(["response.created", "response.queued", ...STREAM_ORDER(1).slice(1)]);
  });

  it("cancels a running background response, idempotently", async () => {
    const queued = await slow.client.responses.create({ model: "echo", input: "a b c d e f g h i j k l", background: true });
    const cancelled = await slow.client.responses.cancel(queued.id);
    expect(cancelled.status).toBe("cancelled");
    expect((await slow.client.responses.cancel(queued.id)).status).toBe("cancelled");
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await slow.client.responses.retrieve(queued.id)).status).toBe("cancelled");
  });

  it("ends a followed background stream with response.incomplete when it is cancelled", async () => {
    const stream = await slow.client.responses.create({ model: "echo", input: "a b c d e f g h i j", background: true, stream: true });
    const types: string[] = [];
    let status: string | undefined;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === "response.in_progress") await slow.client.responses.cancel(event.response.id);
      if (event.type === "response.incomplete") status = event.response.status;
    }
    expect(types).toEqual(["response.created", "response.queued", "response.in_progress", "response.incomplete"]);
    expect(status).toBe("cancelled");
  });

  it("refuses to cancel a response that did not run in the background (400)", async () => {
    const response = await host.client.responses.create({ model: "echo", input: "now" });
    await expect(host.client.responses.cancel(response.id)).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });

  it("replays a finished response as events with retrieve(stream: true, starting_after)", async () => {
    const response = await host.client.responses.create({ model: "echo", input: "replay" });
    const stream = await host.client.responses.retrieve(response.id, { stream: true, starting_after: 1 });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types).toEqual(STREAM_ORDER(1).slice(2));
  });
});

describe("stored responses", () => {
  it("deletes a response; retrieving it afterwards is a 404", async () => {
    const response = await host.client.responses.create({ model: "echo", input: "forget me" });
    const deleted = await fetch(`${host.baseURL}/responses/${response.id}`, { method: "DELETE" });
    expect(await deleted.json()).toEqual({ id: response.id, object: "response.deleted", deleted: true });
    await expect(host.client.responses.retrieve(response.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(host.client.responses.delete(response.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it("lists input items as a cursor page", async () => {
    const response = await host.client.responses.create({
      model: "echo",
      input: [
        { role: "user", content: "one" },
        { role: "assistant", content: "two" },
        { role: "user", content: [{ type: "input_text", text: "three" }] },
      ],
    });
    const page = await host.client.responses.inputItems.list(response.id);
    expect(page.data.map((item) => item.type === "message" && item.role)).toEqual(["user", "assistant", "user"]);
    expect(page.data[0]).toMatchObject({ content: [{ type: "input_text", text: "three" }] }); // newest first by default
    const firstPage = await host.client.responses.inputItems.list(response.id, { order: "asc", limit: 2 });
    expect(firstPage.has_more).toBe(true);
    const ascending = [];
    for await (const item of host.client.responses.inputItems.list(response.id, { order: "asc", limit: 2 })) ascending.push(item);
    expect(ascending).toMatchObject([
      { type: "message", role: "user", content: [{ type: "input_text", text: "one" }] },
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "two" }] },
      { type: "message", role: "user", content: [{ type: "input_text", text: "three" }] },
    ]);
    expect(ascending.every((item) => item.id?.startsWith("msg_"))).toBe(true);
  });

  it("answers an unknown id with OpenAI.NotFoundError everywhere", async () => {
    const { client } = host;
    await expect(client.responses.retrieve("resp_unknown")).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(client.responses.cancel("resp_unknown")).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(client.responses.inputItems.list("resp_unknown")).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    const body = await (await fetch(`${host.baseURL}/resp_unknown`)).json();
    expect(body.error).toMatchObject({ type: "invalid_request_error", param: "response_id", code: "not_found" });
  });
});
