// Failure paths and versions: bad JSON-RPC input over plain fetch (always a JSON-RPC error, never a 500 or a
// hung stream), v0.3 clients without the A2A-Version header, bearer auth, a moved mount root and run hooks.
import { CancelTaskRequest, GetTaskRequest, TaskState, type Task } from "@a2a-js/sdk";
import { LegacyJsonRpcTransport } from "@a2a-js/sdk/compat/v0_3/client";
import { echoAgent, type AgentTarget } from "agent-host";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerOf, connect, eventually, startHost, userMessage, type TestHost } from "./_a2a-host.ts";

let host: TestHost;
beforeAll(async () => {
  host = await startHost();
});
afterAll(async () => {
  await host?.close();
});

const V1 = { "A2A-Version": "1.0" };

function post(url: string, body: string, headers: Record<string, string> = {}) {
  return fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
}

function rpc(method: string, params: unknown, headers: Record<string, string> = V1) {
  return post(`${host.url}/a2a`, JSON.stringify({ jsonrpc: "2.0", id: 7, method, params }), headers);
}

describe("bad input", () => {
  it("answers malformed JSON with 400 and a -32700 parse error", async () => {
    const response = await post(`${host.url}/a2a`, "{ not json", V1);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await response.json()).toEqual({ jsonrpc: "2.0", id: null, error: { code: -32700, message: expect.stringContaining("JSON") } });
  });

  it.each([
    ["a batch (array)", [{ jsonrpc: "2.0", id: 1, method: "GetTask", params: { id: "x" } }]],
    ["jsonrpc 1.0", { jsonrpc: "1.0", id: 1, method: "GetTask", params: {} }],
    ["no method", { jsonrpc: "2.0", id: 1 }],
    ["an object id", { jsonrpc: "2.0", id: { no: 1 }, method: "GetTask", params: {} }],
    ["a string body", "hello"],
  ])("answers %s with 400 and -32600 invalid request", async (_name, body) => {
    const response = await post(`${host.url}/a2a`, JSON.stringify(body), V1);
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe(-32600);
  });

  it("answers a wrong content type with 415 and the A2A content-type error", async () => {
    const response = await post(`${host.url}/a2a`, "hello", { ...V1, "content-type": "text/plain" });
    expect(response.status).toBe(415);
    expect((await response.json()).error).toMatchObject({ code: -32005, message: expect.stringContaining("application/json") });
  });

  it("answers an unknown method with -32601, naming the fix for the other version's methods", async () => {
    const response = await rpc("DoSomething", undefined);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ jsonrpc: "2.0", id: 7, error: { code: -32601, message: expect.stringContaining("DoSomething") } });
    const old = await (await rpc("message/send", {})).json();
    expect(old.error).toMatchObject({ code: -32601, message: expect.stringContaining("SendMessage") });
    const newer = await (await rpc("SendMessage", {}, {})).json();
    expect(newer.error).toMatchObject({ code: -32601, message: expect.stringContaining("A2A-Version: 1.0") });
  });

  it("answers invalid params with -32602", async () => {
    for (const params of [{}, { message: { role: "ROLE_USER", parts: [{ text: "no id" }] } }, []]) {
      const body = await (await rpc("SendMessage", params)).json();
      expect(body.error.code).toBe(-32602);
    }
  });

  it("rejects a message without parts as a task, without calling the agent", async () => {
    const body = await (await rpc("SendMessage", { message: { messageId: "m1", role: "ROLE_USER" } })).json();
    expect(body.result.task.status).toMatchObject({ state: "TASK_STATE_REJECTED", message: { parts: [{ text: expect.stringContaining("no parts") }] } });
    expect(body.result.task.artifacts).toBeUndefined();
  });

  it("rejects an oversize contextId as a task, without calling the agent", async () => {
    const task = (await host.client.sendMessage(userMessage("x", { contextId: "c".repeat(300) }))) as Task;
    expect(task.status?.state).toBe(TaskState.TASK_STATE_REJECTED);
    expect(JSON.stringify(task.status?.message)).toContain("contextId");
  });

  it("answers an unknown task id with TaskNotFound (-32001)", async () => {
    for (const method of ["GetTask", "CancelTask"]) {
      const body = await (await rpc(method, { id: "no-such-task" })).json();
      expect(body).toMatchObject({ id: 7, error: { code: -32001, message: expect.stringContaining("no-such-task") } });
    }
    const huge = await (await rpc("GetTask", { id: "x".repeat(2000) })).json();
    expect(huge.error.code).toBe(-32001);
  });

  it("answers streaming methods that fail up front with a JSON error, not a hung stream", async () => {
    const subscribe = await rpc("SubscribeToTask", { id: "no-such-task" });
    expect(subscribe.headers.get("content-type")).toContain("application/json");
    expect((await subscribe.json()).error.code).toBe(-32001);
    const stream = await rpc("SendStreamingMessage", {});
    expect(stream.headers.get("content-type")).toContain("application/json");
    expect((await stream.json()).error.code).toBe(-32602);
  });

  it("answers an unsupported A2A-Version with -32009", async () => {
    const body = await (await rpc("GetTask", { id: "x" }, { "A2A-Version": "9.9" })).json();
    expect(body.error.code).toBe(-32009);
  });

  it("answers a follow-up to a finished task with an error", async () => {
    const task = (await host.client.sendMessage(userMessage("finished"))) as Task;
    await expect(host.client.sendMessage(userMessage("more", { taskId: task.id }))).rejects.toThrow(/terminal state/);
  });

  it("has no other routes: GET /a2a is a JSON 404", async () => {
    const response = await fetch(`${host.url}/a2a`);
    expect(response.status).toBe(404);
    await response.json();
  });
});

describe("v0.3 clients (no A2A-Version header)", () => {
  it("answers a raw v0.3 message/send", async () => {
    const message = { kind: "message", messageId: "m-03", role: "user", parts: [{ kind: "text", text: "old school" }] };
    const response = await post(`${host.url}/a2a`, JSON.stringify({ jsonrpc: "2.0", id: 1, method: "message/send", params: { message } }));
    expect(response.status).toBe(200);
    const { result } = await response.json();
    expect(result).toMatchObject({ kind: "task", status: { state: "completed" } });
    expect(result.artifacts[0].parts[0]).toMatchObject({ kind: "text", text: "You said: old school" });
  });

  it("answers v0.3 errors in the v0.3 shape", async () => {
    const response = await post(`${host.url}/a2a`, JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tasks/get", params: { id: "nope" } }));
    expect((await response.json()).error.code).toBe(-32001);
  });

  it("works with the SDK's legacy JSON-RPC transport: send, stream, get, cancel", async () => {
    const legacy = new LegacyJsonRpcTransport({ endpoint: `${host.url}/a2a` });
    const sent = await legacy.sendMessage(userMessage("legacy hello"));
    const task = sent as Task;
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(answerOf(task)).toBe("You said: legacy hello");
    const kinds: string[] = [];
    for await (const event of legacy.sendMessageStream(userMessage("legacy stream"))) kinds.push(event.payload?.$case ?? "");
    expect(kinds.at(0)).toBe("task");
    expect(kinds.at(-1)).toBe("statusUpdate");
    expect(answerOf(await legacy.getTask(GetTaskRequest.fromJSON({ id: task.id })))).toBe("You said: legacy hello");
    await expect(legacy.cancelTask(CancelTaskRequest.fromJSON({ id: task.id }))).rejects.toThrow(/not cancelable/i);
  });
});

describe("bearer auth", () => {
  let guarded: TestHost;
  beforeAll(async () => {
    guarded = await startHost({ channel: { apiKey: "sekret" }, clientKey: "sekret" });
  });
  afterAll(async () => {
    await guarded?.close();
  });

  it("requires the key on the JSON-RPC endpoint, with a JSON-RPC 401 body", async () => {
    for (const headers of [V1, { ...V1, authorization: "Bearer wrong" }]) {
      const response = await post(`${guarded.url}/a2a`, JSON.stringify({ jsonrpc: "2.0", id: 1, method: "GetTask", params: { id: "x" } }), headers);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ jsonrpc: "2.0", id: null, error: { code: -32000, message: expect.stringContaining("API key") } });
    }
  });

  it("keeps the card public and advertises the bearer scheme in it", async () => {
    const card = await (await fetch(`${guarded.url}/.well-known/agent-card.json`)).json();
    expect(card.securitySchemes).toEqual({ bearer: { httpAuthSecurityScheme: { scheme: "Bearer", description: expect.any(String) } } });
        // protojson leaves the empty scope list out: `{ bearer: {} }` is `{ bearer: { list: [] } }`.
    expect(card.securityRequirements).toEqual([{ schemes: { bearer: {} } }]);
  });

  it("lets the SDK client in with the key", async () => {
    expect(answerOf((await guarded.client.sendMessage(userMessage("let me in"))) as Task)).toBe("You said: let me in");
  });
});

describe("path, public URL and card overrides", () => {
  it("moves the card and the endpoint under the mount root; the old ones are gone", async () => {
    const moved = await startHost({ channel: { path: "/agents/echo", card: { name: "Echo Bot", version: "2.1.0" } } });
    try {
      const card = await (await fetch(`${moved.url}/agents/echo/.well-known/agent-card.json`)).json();
      expect(card).toMatchObject({ name: "Echo Bot", version: "2.1.0", supportedInterfaces: [{ url: `${moved.url}/agents/echo/a2a` }, {}] });
      expect(answerOf((await moved.client.sendMessage(userMessage("moved"))) as Task)).toBe("You said: moved");
      expect((await fetch(`${moved.url}/.well-known/agent-card.json`)).status).toBe(404);
      expect((await post(`${moved.url}/a2a`, "{}", V1)).status).toBe(404);
    } finally {
      await moved.close();
    }
  });

  it("writes the public URL into the card", async () => {
    const proxied = await startHost({ channel: { publicUrl: "https://agents.example.com/" } });
    try {
      const card = await (await fetch(`${proxied.url}/.well-known/agent-card.json`)).json();
      expect(card.supportedInterfaces[0].url).toBe("https://agents.example.com/a2a");
    } finally {
      await proxied.close();
    }
  });
});

describe("run hooks", () => {
  it("a hook that throws rejects the task with its message; the agent is never called", async () => {
    let calls = 0;
    const echo = echoAgent();
    const counted: AgentTarget = { ...echo, run: (input, context) => (calls++, echo.run(input, context)) };
    const hooked = await startHost({ target: counted, channel: { runHook: () => { throw new Error("rejected by hook"); } } });
    try {
      const task = (await hooked.client.sendMessage(userMessage("x"))) as Task;
      expect(task.status?.state).toBe(TaskState.TASK_STATE_REJECTED);
      expect(task.status?.message?.parts[0]?.content).toEqual({ $case: "text", value: expect.stringContaining("rejected by hook") });
      // returnImmediately: the submitted task comes back at once and is rejected right after.
      const background = (await hooked.client.sendMessage(userMessage("y", { configuration: { returnImmediately: true } }))) as Task;
      const settled = await eventually(() => hooked.client.getTask(GetTaskRequest.fromJSON({ id: background.id })), (current) => current.status?.state !== TaskState.TASK_STATE_SUBMITTED);
      expect(settled.status?.state).toBe(TaskState.TASK_STATE_REJECTED);
      expect(calls).toBe(0);
    } finally {
      await hooked.close();
    }
  });

  it("a hook sees the A2A request and can rewrite the turn", async () => {
    const seen: unknown[] = [];
    const hooked = await startHost({
      channel: {
        runHook: (request, { protocolRequest }) => {
          seen.push(protocolRequest);
          return { ...request, input: "rewritten" };
        },
      },
    });
    try {
      expect(answerOf((await hooked.client.sendMessage(userMessage("original"))) as Task)).toBe("You said: rewritten");
      expect(seen[0]).toMatchObject({ message: { parts: [{ text: "original" }] } });
    } finally {
      await hooked.close();
    }
  });
});

describe("a client of the SDK against a fresh card URL", () => {
  it("connects through createFromUrl with a trailing-slash base", async () => {
    const client = await connect(`${host.url}/`);
    expect(client.protocolVersion).toBe("1.0");
  });
});
