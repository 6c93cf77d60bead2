// WebSocket mode through the openai client's ResponsesWS (and a raw `ws` socket for the `/ws` alias,
// bad frames and auth): the same events as SSE, sequential turns, errors as `error` events.
import OpenAI from "openai";
import { ResponsesWS } from "openai/resources/responses/ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { startHost, type TestHost } from "./_responses-host.ts";

let host: TestHost;
beforeAll(async () => {
  host = await startHost();
});
afterAll(async () => {
  await host?.close();
});

/** Opens a ResponsesWS that records every event and error. */
function openSocket(client: OpenAI) {
  const socket = new ResponsesWS(client);
  const types: string[] = [];
  const errors: Error[] = [];
  socket.on("event", (event) => types.push(event.type));
  socket.on("error", (error) => errors.push(error));
  return { socket, types, errors };
}

/** A raw socket that collects parsed frames, for the `/ws` alias and frames the client would not send. */
async function rawSocket(url: string, headers: Record<string, string> = {}) {
  const socket = new WebSocket(url, { headers });
  const frames: Array<Record<string, unknown>> = [];
  socket.on("message", (data) => frames.push(JSON.parse(String(data))));
  await new Promise((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
  });
  const next = (type: string) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const check = () => {
        const frame = frames.find((candidate) => candidate.type === type);
        if (frame) {
          frames.splice(frames.indexOf(frame), 1);
          resolve(frame);
        } else setTimeout(check, 5);
      };
      check();
    });
  return { socket, frames, next };
}

describe("ResponsesWS (openai client)", () => {
  it("streams one response, then continues it with previous_response_id on the same socket", async () => {
    const { socket, types, errors } = openSocket(host.client);
    try {
      socket.send({ type: "response.create", model: "echo", input: "hello ws" });
      const first = await socket.emitted("response.completed");
      expect(first.response.output_text).toBe("You said: hello ws");
      expect(types).toEqual([
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.content_part.added",
        "response.output_text.delta",
        "response.output_text.delta",
        "response.output_text.delta",
        "response.output_text.delta",
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.completed",
      ]);

      socket.send({ type: "response.create", model: "echo", input: "again", previous_response_id: first.response.id });
      const second = await socket.emitted("response.completed");
      expect(second.response.output_text).toBe("You said: again (message 2 in this conversation)");
      // Stored like an HTTP response.
      expect((await host.client.responses.retrieve(second.response.id)).output_text).toBe(second.response.output_text);
      expect(errors).toEqual([]);
    } finally {
      socket.close();
    }
  });

  it("reports bad requests as error events and keeps the socket usable", async () => {
    const { socket, errors } = openSocket(host.client);
    try {
      socket.send({ type: "response.create", model: "echo", input: "x", previous_response_id: "resp_missing" });
      const notFound = await socket.emitted("error");
      expect(notFound.message).toContain("resp_missing");
      socket.send({ type: "response.create", model: "echo", input: "x", background: true });
      expect((await socket.emitted("error")).message).toContain("background");
      socket.send({ type: "response.steer", previous_response_id: "resp_x", input: "steer" });
      const steer = await socket.emitted("response.steer.failed");
      expect(steer.error.code).toBe("steering_not_supported");
      socket.send({ type: "response.create", model: "echo", input: "still here" });
      expect((await socket.emitted("response.completed")).response.output_text).toBe("You said: still here");
      expect(errors).toHaveLength(2);
    } finally {
      socket.close();
    }
  });

  it("ends a failing agent's response with response.failed", async () => {
    const { socket } = openSocket(host.client);
    try {
      socket.send({ type: "response.create", model: "echo", input: "/fail" });
      const failed = await socket.emitted("response.failed");
      expect(failed.response.error?.code).toBe("echo_failure");
    } finally {
      socket.close();
    }
  });
});

describe("raw WebSocket", () => {
  it("serves the /ws alias and answers invalid frames with error events", async () => {
    const wsURL = host.url.replace("http://", "ws://");
    const { socket, next } = await rawSocket(`${wsURL}/responses/ws`);
    try {
      socket.send("{ not json");
      expect(await next("error")).toMatchObject({ type: "error", status: 400, error: { type: "invalid_request_error", code: "invalid_json" } });
      socket.send(JSON.stringify({ type: "session.update" }));
      expect(await next("error")).toMatchObject({ status: 400, error: { param: "type" } });
      socket.send(JSON.stringify({ type: "response.create", input: 5 }));
      expect(await next("error")).toMatchObject({ status: 400, error: { param: "input" } });
      socket.send(JSON.stringify({ type: "response.create", input: "alias", stream_id: "lane-1" }));
      const completed = await next("response.completed");
      expect(completed).toMatchObject({ stream_id: "lane-1", response: { output_text: "You said: alias" } });
    } finally {
      socket.close();
    }
  });

  it("requires the bearer key for the upgrade when apiKey is set", async () => {
    const secured = await startHost({ channel: { apiKey: "sk-ws" }, clientKey: "sk-ws" });
    try {
      const wsURL = `${secured.url.replace("http://", "ws://")}/responses/v1/responses`;
      const refused = new WebSocket(wsURL);
      const status = await new Promise<number | undefined>((resolve) => {
        refused.once("unexpected-response", (_request, response) => resolve(response.statusCode));
        refused.once("open", () => resolve(101));
      });
      expect(status).toBe(401);
      const { socket } = openSocket(secured.client);
      socket.send({ type: "response.create", model: "echo", input: "authorized" });
      expect((await socket.emitted("response.completed")).response.output_text).toBe("You said: authorized");
      socket.close();
    } finally {
      await secured.close();
    }
  });
});
