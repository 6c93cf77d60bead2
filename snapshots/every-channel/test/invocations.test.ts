// End-to-end tests of the invocations channel over real HTTP: turns and sessions, SSE streaming,
// body validation, the body limit and the OpenAPI document.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AgentTarget } from "agent-host";
import { invocationRequestJsonSchema } from "../src/channels/invocations-openapi.ts";
import { postJson, readEvents, startHost, type TestHost } from "./invocations-helpers.ts";

let server: TestHost;
beforeAll(async () => (server = await startHost()));
afterAll(() => server.close());

describe("POST /invocations", () => {
  it("answers both turns of one conversation through agent_session_id", async () => {
    const first = await postJson(`${server.url}/invocations`, { message: "My name is Ada" });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ response: "You said: My name is Ada" });
    const session = first.headers.get("x-agent-session-id");
    expect(session).toBeTruthy();

    const second = await postJson(`${server.url}/invocations/invoke?agent_session_id=${session}`, { message: "Who am I?" });
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual({ response: "You said: Who am I? (message 2 in this conversation)" });
    expect(second.headers.get("x-agent-session-id")).toBe(session);
  });

  it("also takes the session from the x-agent-session-id header", async () => {
    const first = await postJson(`${server.url}/invocations`, { message: "one" });
    const session = first.headers.get("x-agent-session-id") as string;
    const second = await postJson(`${server.url}/invocations`, { message: "two" }, { "x-agent-session-id": session });
    expect(await second.json()).toEqual({ response: "You said: two (message 2 in this conversation)" });
  });

  it("echoes the caller's invocation id and generates one otherwise", async () => {
    const echoed = await postJson(`${server.url}/invocations`, { message: "hi" }, { "x-agent-invocation-id": "inv-123" });
    expect(echoed.headers.get("x-agent-invocation-id")).toBe("inv-123");
    const generated = await postJson(`${server.url}/invocations`, { message: "hi" });
    expect(generated.headers.get("x-agent-invocation-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers 500 { error } when the agent fails", async () => {
    const response = await postJson(`${server.url}/invocations`, { message: "/fail please" });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: "The agent failed: The echo agent was asked to fail." });
  });

  it.each([
    ["malformed JSON", "{ not json", /not valid JSON/],
    ["a missing message", JSON.stringify({ stream: false }), /"message" is required/],
    ["a message of the wrong type", JSON.stringify({ message: 42 }), /"message" must be a string, not a number/],
    ["an empty message", JSON.stringify({ message: "" }), /"message" must not be empty/],
    ["a non-object body", JSON.stringify(["hello"]), /The body must be a JSON object/],
    ["options that are not an object", JSON.stringify({ message: "hi", options: [1] }), /"options" must be a JSON object/],
    ["stream and background together", JSON.stringify({ message: "hi", stream: true, background: true }), /"background" cannot be combined/],
  ])("answers 400 { error } for %s", async (_case, body, message) => {
    const response = await fetch(`${server.url}/invocations`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(response.status).toBe(400);
    const json = (await response.json()) as { error: string };
    expect(json).toEqual({ error: expect.stringMatching(message) });
  });

  it("answers 400 { error } for an agent_session_id over 256 characters", async () => {
    const response = await postJson(`${server.url}/invocations?agent_session_id=${"a".repeat(257)}`, { message: "hi" });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "agent_session_id must be 1-256 characters: letters, digits, '-', '_', '.' or '~'." });
  });

  it("answers 413 for a body over the host's 1 MiB limit", async () => {
    // Its own host: the host answers before reading the body, which leaves that connection unusable.
    const limited = await startHost();
    try {
      const response = await postJson(`${limited.url}/invocations`, { message: "x".repeat(1024 * 1024 + 1) });
      expect(response.status).toBe(413);
    } finally {
      await limited.close();
    }
  });
});

describe("stream: true", () => {
  it("sends delta events then done with the session id", async () => {
    const response = await postJson(`${server.url}/invocations`, { message: "stream me", stream: true });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const session = response.headers.get("x-agent-session-id");
    expect(await readEvents(response)).toEqual([
      { event: "delta", data: { text: "You " } },
      { event: "delta", data: { text: "said: " } },
      { event: "delta", data: { text: "stream " } },
      { event: "delta", data: { text: "me" } },
      { event: "done", data: { session_id: session } },
    ]);
  });

  it("sends one error event when the agent fails, and ends the stream", async () => {
    const response = await postJson(`${server.url}/invocations`, { message: "/fail", stream: true });
    expect(await readEvents(response)).toEqual([{ event: "error", data: { message: "The echo agent was asked to fail." } }]);
  });

  it("aborts the run when the client disconnects", async () => {
    let aborted!: () => void;
    const wasAborted = new Promise<void>((resolve) => (aborted = resolve));
    const endless: AgentTarget = {
      kind: "agent",
      name: "endless",
      async *run(_input, context) {
        context.signal.addEventListener("abort", () => aborted(), { once: true });
        while (!context.signal.aborted) {
          yield { type: "text-delta", text: "more " };
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      },
    };
    const endlessServer = await startHost({}, endless);
    try {
      const client = new AbortController();
      const response = await fetch(`${endlessServer.url}/invocations`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ message: "go", stream: true }),
        signal: client.signal,
      });
      await (response.body as ReadableStream<Uint8Array>).getReader().read();
      client.abort();
      await expect(wasAborted).resolves.toBeUndefined();
    } finally {
      await endlessServer.close();
    }
  });
});

describe("GET /invocations/docs/openapi.json", () => {
  it("describes the routes, with the request schema used for validation", async () => {
    const response = await fetch(`${server.url}/invocations/docs/openapi.json`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, { required?: string[]; properties?: Record<string, { type?: string }> }> };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual(
      ["/invocations", "/invocations/invoke", "/invocations/{invocation_id}", "/invocations/{invocation_id}/cancel", "/invocations/docs/openapi.json"].sort(),
    );
    expect(Object.keys(doc.paths["/invocations/{invocation_id}/cancel"] ?? {})).toEqual(["post"]);
    const request = doc.components.schemas.InvocationRequest;
    expect(request).toEqual(invocationRequestJsonSchema());
    expect(request?.required).toEqual(["message"]);
    expect(Object.fromEntries(Object.entries(request?.properties ?? {}).map(([key, value]) => [key, value.type]))).toEqual({
      message: "string",
      stream: "boolean",
      background: "boolean",
      options: "object",
    });
    // Every declared field is validated with its declared type.
    for (const field of ["message", "stream", "background", "options"]) {
      const bad = await postJson(`${server.url}/invocations`, { message: "hi", [field]: field === "message" ? 1 : "wrong" });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toContain(`"${field}"`);
    }
  });
});
