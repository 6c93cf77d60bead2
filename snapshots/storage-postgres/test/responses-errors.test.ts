// Failure paths of the responses channel: bad input, oversize bodies, failing agents, run hooks,
// bearer auth, a moved mount root and client disconnects — always an OpenAI-shaped answer, never a hang.
import { request as httpRequest } from "node:http";
import { memoryStore, type HostStateStore } from "agent-host";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHost, type TestHost } from "./_responses-host.ts";

let host: TestHost;
beforeAll(async () => {
  host = await startHost();
});
afterAll(async () => {
  await host?.close();
});

function post(url: string, body: string, headers: Record<string, string> = {}) {
  return fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
}

describe("bad input", () => {
  it("answers malformed JSON with a 400 JSON error", async () => {
    const response = await post(`${host.baseURL}/responses`, "{ not json");
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { message: expect.stringContaining("JSON"), type: "invalid_request_error", param: null, code: "invalid_json" },
    });
  });

  it.each([
    [{ model: "echo" }, "input"],
    [{ input: 42 }, "input"],
    [{ input: [] }, "input"],
    [{ input: [{ role: "robot", content: "hi" }] }, "input"],
    [{ input: "hi", temperature: "hot" }, "temperature"],
    [{ input: "hi", metadata: { n: 1 } }, "metadata.n"],
    [[1, 2], null],
  ])("rejects %j with 400 naming the parameter", async (body, param) => {
    const response = await post(`${host.baseURL}/responses`, JSON.stringify(body));
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error).toMatchObject({ type: "invalid_request_error", param });
    expect(error.message).toEqual(expect.any(String));
  });

  it("ignores tuning fields it does not use", async () => {
    const response = await host.client.responses.create({ model: "echo", input: "tuned", top_p: 0.5, max_output_tokens: 10, tools: [] });
    expect(response.output_text).toBe("You said: tuned");
  });

  it("answers an oversize body with a 413 JSON error", async () => {
    // Its own connection: the host answers before reading the body, and that socket is not reusable.
    const body = JSON.stringify({ input: "x".repeat(1024 * 1024 + 10) });
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = httpRequest(`${host.baseURL}/responses`, { method: "POST", agent: false, headers: { "content-type": "application/json" } });
      request.on("response", (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => (text += chunk.toString()));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
      });
      request.on("error", reject);
      request.end(body);
    });
    expect(status).toBe(413);
    expect(JSON.parse(text).error).toMatchObject({ type: "invalid_request_error", code: "body_too_large" });
  });

  it("validates the input_items query", async () => {
    const created = await host.client.responses.create({ model: "echo", input: "q" });
    await expect(host.client.responses.inputItems.list(created.id, { limit: 0 })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });
});

describe("a failing agent", () => {
  it("gives status failed with the error over JSON", async () => {
    const response = await host.client.responses.create({ model: "echo", input: "/fail now" });
    expect(response.status).toBe("failed");
    expect(response.error).toMatchObject({ code: "echo_failure", message: expect.any(String) });
    expect((await host.client.responses.retrieve(response.id)).status).toBe("failed");
  });

  it("ends an SSE stream with response.failed", async () => {
    const stream = await host.client.responses.create({ model: "echo", input: "/fail", stream: true });
    const events = [];
    for await (const event of stream) events.push(event);
    expect(events.map((event) => event.type)).toEqual(["response.created", "response.in_progress", "response.failed"]);
    const failed = events.at(-1);
    expect(failed?.type === "response.failed" && failed.response.error?.code).toBe("echo_failure");
  });

  it("marks a failed background run failed", async () => {
    const queued = await host.client.responses.create({ model: "echo", input: "/fail", background: true });
    let response = queued;
    while (response.status === "queued" || response.status === "in_progress") response = await host.client.responses.retrieve(queued.id);
    expect(response).toMatchObject({ status: "failed", error: { code: "echo_failure" } });
  });
});

describe("a broken host", () => {
  it("answers JSON with a redacted 500 and ends a stream with an error event, then response.failed", async () => {
    // A store that cannot save responses: the run succeeds, the bookkeeping after it fails.
    const store = memoryStore();
    const broken: HostStateStore = {
      ...store,
      set: (namespace, key, value, options) =>
        namespace === "responses" ? Promise.reject(new Error("disk full")) : store.set(namespace, key, value, options),
    };
    const failing = await startHost({ store: broken });
    try {
      const json = await post(`${failing.baseURL}/responses`, JSON.stringify({ input: "hi" }));
      expect(json.status).toBe(500);
      const { error } = await json.json();
      expect(error).toMatchObject({ type: "server_error", code: "server_error" });
      expect(error.message).not.toContain("disk full");

      const sse = await post(`${failing.baseURL}/responses`, JSON.stringify({ input: "hi", stream: true }));
      const types = [...(await sse.text()).matchAll(/^event: (.+)$/gm)].map((match) => match[1]);
      expect(types).toEqual([
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.content_part.added",
        ...Array<string>(3).fill("response.output_text.delta"), // "You said: hi"
        "error",
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.failed",
      ]);
    } finally {
      await failing.close();
    }
  });
});

describe("host rejections", () => {
  it("renders a run hook that throws as a 422 OpenAI error, for JSON and stream alike", async () => {
    const hooked = await startHost({ channel: { runHook: () => { throw new Error("nope"); } } });
    try {
      const error = await hooked.client.responses.create({ model: "echo", input: "hi" }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.UnprocessableEntityError);
      expect((error as Error).message).toContain("nope");
      await expect(hooked.client.responses.create({ model: "echo", input: "hi", stream: true })).rejects.toBeInstanceOf(
        OpenAI.UnprocessableEntityError,
      );
      const raw = await post(`${hooked.baseURL}/responses`, JSON.stringify({ input: "hi" }));
      expect(raw.status).toBe(422);
      expect((await raw.json()).error).toMatchObject({ type: "invalid_request_error", code: "request_rejected" });
    } finally {
      await hooked.close();
    }
  });

  it("renders a session the host cannot resolve as 409 ConflictError", async () => {
    const hooked = await startHost({ channel: { runHook: (request) => ({ ...request, sessionMode: "required" }) } });
    try {
      await expect(hooked.client.responses.create({ model: "echo", input: "hi" })).rejects.toBeInstanceOf(OpenAI.ConflictError);
    } finally {
      await hooked.close();
    }
  });

  it("hands the run hook the mapped request: identity, hosting, isolation, options", async () => {
    let seen: unknown;
    const hooked = await startHost({ channel: { runHook: (request) => ((seen = request), request) } });
    try {
      // `hosting` is not an OpenAI field: it is what Python's `extra_body={"hosting": …}` puts in the body.
      const body = { model: "m1", input: "hi", safety_identifier: "user-7", temperature: 0.2, metadata: { a: "b" }, store: false, hosting: { appUserId: "u7" } };
      await hooked.client.responses.create(body, { headers: { "x-agent-user-isolation-key": "iso-1" } });
      expect(seen).toMatchObject({
        channel: "responses",
        input: "hi",
        identity: { channel: "responses", nativeId: "user-7" },
        options: { model: "m1", temperature: 0.2, metadata: { a: "b" }, store: false },
        attributes: { hosting: { appUserId: "u7" }, isolation: { user: "iso-1" } },
      });
    } finally {
      await hooked.close();
    }
  });
});

describe("bearer auth", () => {
  let secured: TestHost;
  beforeAll(async () => {
    secured = await startHost({ channel: { apiKey: "sk-host" }, clientKey: "sk-host" });
  });
  afterAll(async () => {
    await secured?.close();
  });

  it("refuses a missing or wrong key with AuthenticationError and accepts the right one", async () => {
    const wrong = new OpenAI({ apiKey: "sk-wrong", baseURL: secured.baseURL, maxRetries: 0 });
    await expect(wrong.responses.create({ model: "echo", input: "hi" })).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    const missing = await post(`${secured.baseURL}/responses`, JSON.stringify({ input: "hi" }));
    expect(missing.status).toBe(401);
    expect((await missing.json()).error).toMatchObject({ type: "invalid_request_error", code: "invalid_api_key" });
    expect((await fetch(`${secured.baseURL}/resp_x`)).status).toBe(401);
    expect((await secured.client.responses.create({ model: "echo", input: "hi" })).output_text).toBe("You said: hi");
  });
});

describe("mount root", () => {
  it("moves every route under the path option", async () => {
    const moved = await startHost({ channel: { path: "/public/responses" } });
    try {
      expect(moved.baseURL).toBe(`${moved.url}/public/responses/v1`);
      const response = await moved.client.responses.create({ model: "echo", input: "moved" });
      expect((await moved.client.responses.retrieve(response.id)).output_text).toBe("You said: moved");
      expect((await post(`${moved.url}/responses/v1/responses`, JSON.stringify({ input: "hi" }))).status).toBe(404);
    } finally {
      await moved.close();
    }
  });
});

describe("client disconnect", () => {
  it("aborts a streamed run when the client goes away, and stores it as cancelled", async () => {
    const slow = await startHost({ agent: { delayMs: 100 } });
    try {
      const stream = await slow.client.responses.create({ model: "echo", input: "a b c d e f g h i j k l m n o p", stream: true });
      let id = "";
      for await (const event of stream) {
        if (event.type === "response.created") id = event.response.id;
        if (event.type === "response.output_text.delta") break; // closes the connection
      }
      let status = "";
      for (let attempt = 0; attempt < 50 && status !== "cancelled"; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        status = await slow.client.responses.retrieve(id).then((response) => response.status ?? "", () => "");
      }
      expect(status).toBe("cancelled");
    } finally {
      await slow.close();
    }
  });
});
