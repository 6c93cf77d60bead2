// The a2a channel through the SDK's own client against a real host: the agent card, send, the streamed
// event sequence, get, list, cancel, contextId sessions and the input-required round trip.
import { TaskState, type StreamResponse, type Task } from "@a2a-js/sdk";
import { CancelTaskRequest, GetTaskRequest, ListTasksRequest, SubscribeToTaskRequest } from "@a2a-js/sdk";
import { TaskNotFoundError } from "@a2a-js/sdk/errors";
import { echoAgent, type AgentTarget, type WorkflowTarget } from "agent-host";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerOf, eventually, startHost, userMessage, type TestHost } from "./_a2a-host.ts";

let host: TestHost;
let slow: TestHost;
beforeAll(async () => {
  host = await startHost();
  slow = await startHost({ target: echoAgent({ delayMs: 40 }) });
});
afterAll(async () => {
  await host?.close();
  await slow?.close();
});

async function send(target: TestHost, ...args: Parameters<typeof userMessage>): Promise<Task> {
  const result = await target.client.sendMessage(userMessage(...args));
  if (!("status" in result)) throw new Error(`Expected a task, got a message: ${JSON.stringify(result)}`);
  return result;
}

const getTask = (target: TestHost, id: string) => target.client.getTask(GetTaskRequest.fromJSON({ id }));

describe("agent card", () => {
  it("serves the v1.0 card at the well-known URL, built from the target", async () => {
    const response = await fetch(`${host.url}/.well-known/agent-card.json`);
    expect(response.status).toBe(200);
    const card = await response.json();
    expect(card).toMatchObject({
      name: "echo",
      description: expect.stringContaining("Echoes"),
      supportedInterfaces: [
        { url: `${host.url}/a2a`, protocolBinding: "JSONRPC", protocolVersion: "1.0" },
        { url: `${host.url}/a2a`, protocolBinding: "JSONRPC", protocolVersion: "0.3" },
      ],
      capabilities: { streaming: true, pushNotifications: true },
      skills: [{ id: "echo", name: "echo", description: expect.stringContaining("Echoes"), tags: ["agent"] }],
    });
    // No API key configured: no security scheme advertised.
    expect(card.securitySchemes).toBeUndefined();
  });

  it("is what the SDK client discovered", () => {
    expect(host.client.protocolVersion).toBe("1.0");
  });
});

describe("send", () => {
  it("answers with a completed task whose artifact is the agent's reply", async () => {
    const task = await send(host, "hello there");
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(answerOf(task)).toBe("You said: hello there");
    // The streamed chunks are stored as one text part.
    expect(task.artifacts).toHaveLength(1);
    expect(task.artifacts[0]?.parts).toHaveLength(1);
    expect(task.history[0]?.parts[0]?.content).toEqual({ $case: "text", value: "hello there" });
    expect(task.contextId).not.toBe("");
  });

  it("continues one host session per contextId", async () => {
    const first = await send(host, "first");
    const second = await send(host, "second", { contextId: first.contextId });
    expect(answerOf(second)).toBe("You said: second (message 2 in this conversation)");
    expect(second.id).not.toBe(first.id);
    // No contextId: a fresh context, a fresh conversation.
    expect(answerOf(await send(host, "alone"))).toBe("You said: alone");
  });

  it("reports a failing agent as a failed task with its error", async () => {
    const task = await send(host, "/fail");
    expect(task.status?.state).toBe(TaskState.TASK_STATE_FAILED);
    expect(task.status?.message?.parts[0]?.content).toEqual({ $case: "text", value: "The echo agent was asked to fail." });
  });
});

describe("streaming", () => {
  it("emits task → working → answer chunks → completed", async () => {
    const events: StreamResponse[] = [];
    for await (const event of host.client.sendMessageStream(userMessage("one two three"))) events.push(event);
    const kinds = events.map((event) => event.payload?.$case);
    // "You said: one two three" streams as five words.
    expect(kinds).toEqual(["task", "statusUpdate", ...Array<string>(5).fill("artifactUpdate"), "statusUpdate"]);
    const [task, working, ...rest] = events.map((event) => event.payload);
    const completed = rest.pop();
    expect(task?.$case === "task" && task.value.status?.state).toBe(TaskState.TASK_STATE_SUBMITTED);
    expect(working?.$case === "statusUpdate" && working.value.status?.state).toBe(TaskState.TASK_STATE_WORKING);
    expect(completed?.$case === "statusUpdate" && completed.value.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    const chunks = rest.flatMap((payload) => (payload?.$case === "artifactUpdate" ? [payload.value] : []));
    expect(chunks.map((chunk) => [chunk.append, chunk.lastChunk])).toEqual([[false, false], [true, false], [true, false], [true, false], [true, true]]);
    expect(new Set(chunks.map((chunk) => chunk.artifact?.artifactId)).size).toBe(1);
    expect(chunks.map((chunk) => answerOf({ artifacts: chunk.artifact ? [chunk.artifact] : [] })).join("")).toBe("You said: one two three");
    // The streamed task is stored like any other.
    const taskId = task?.$case === "task" ? task.value.id : "";
    expect(answerOf(await getTask(host, taskId))).toBe("You said: one two three");
  });
});

describe("tasks", () => {
  it("gets a task by id, with historyLength", async () => {
    const sent = await send(host, "keep me");
    const task = await host.client.getTask(GetTaskRequest.fromJSON({ id: sent.id, historyLength: 0 }));
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(answerOf(task)).toBe("You said: keep me");
    expect(task.history).toEqual([]);
  });

  it("rejects an unknown task id with TaskNotFoundError", async () => {
    await expect(getTask(host, "no-such-task")).rejects.toBeInstanceOf(TaskNotFoundError);
  });

  it("lists a context's tasks newest first, page by page", async () => {
    const first = await send(host, "page one");
    const second = await send(host, "page two", { contextId: first.contextId });
    const page = await host.client.listTasks(ListTasksRequest.fromJSON({ contextId: first.contextId, pageSize: 1, includeArtifacts: true }));
    expect(page.tasks.map((task) => task.id)).toEqual([second.id]);
    expect(page.totalSize).toBe(2);
    expect(answerOf(page.tasks[0] as Task)).toContain("page two");
    const next = await host.client.listTasks(ListTasksRequest.fromJSON({ contextId: first.contextId, pageSize: 1, pageToken: page.nextPageToken }));
    expect(next.tasks.map((task) => task.id)).toEqual([first.id]);
    expect(next.tasks[0]?.artifacts).toEqual([]);
    expect(next.nextPageToken).toBe("");
  });

  it("filters the list by state", async () => {
    const failed = await send(host, "/fail");
    const list = await host.client.listTasks(ListTasksRequest.fromJSON({ status: "TASK_STATE_FAILED" }));
    expect(list.tasks.map((task) => task.id)).toContain(failed.id);
    expect(list.tasks.every((task) => task.status?.state === TaskState.TASK_STATE_FAILED)).toBe(true);
  });
});

describe("cancel", () => {
  it("cancels a streamed run mid-answer", async () => {
    const events: StreamResponse[] = [];
    let cancelled: Task | undefined;
    for await (const event of slow.client.sendMessageStream(userMessage("a long answer that streams slowly word by word"))) {
      events.push(event);
      if (event.payload?.$case === "artifactUpdate" && !cancelled) {
        cancelled = await slow.client.cancelTask(CancelTaskRequest.fromJSON({ id: event.payload.value.taskId }));
      }
    }
    expect(cancelled?.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    const last = events.at(-1)?.payload;
    expect(last?.$case === "statusUpdate" && last.value.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    expect(answerOf(cancelled as Task).length).toBeLessThan("You said: a long answer that streams slowly word by word".length);
  });

  it("cancels a background run (returnImmediately)", async () => {
    const task = await send(slow, "a background answer that takes a while to finish", { configuration: { returnImmediately: true } });
    expect(task.status?.state).toBe(TaskState.TASK_STATE_SUBMITTED);
    const cancelled = await slow.client.cancelTask(CancelTaskRequest.fromJSON({ id: task.id }));
    expect(cancelled.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    expect((await getTask(slow, task.id)).status?.state).toBe(TaskState.TASK_STATE_CANCELED);
  });

  it("refuses to cancel a finished task", async () => {
    const task = await send(host, "done already");
    await expect(host.client.cancelTask(CancelTaskRequest.fromJSON({ id: task.id }))).rejects.toThrow(/not cancelable/i);
  });
});

describe("background", () => {
  it("returns the submitted task at once and completes it in the background", async () => {
    const task = await send(slow, "later please", { configuration: { returnImmediately: true } });
    expect(task.status?.state).toBe(TaskState.TASK_STATE_SUBMITTED);
    const done = await eventually(() => getTask(slow, task.id), (current) => current.status?.state === TaskState.TASK_STATE_COMPLETED);
    expect(answerOf(done)).toBe("You said: later please");
  });

  it("lets a client subscribe to a running task until it ends", async () => {
    const task = await send(slow, "subscribe to me", { configuration: { returnImmediately: true } });
    const events: StreamResponse[] = [];
    for await (const event of slow.client.resubscribeTask(SubscribeToTaskRequest.fromJSON({ id: task.id }))) events.push(event);
    expect(events[0]?.payload?.$case).toBe("task");
    const last = events.at(-1)?.payload;
    expect(last?.$case === "statusUpdate" && last.value.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(answerOf(await getTask(slow, task.id))).toBe("You said: subscribe to me");
  });
});

describe("input required", () => {
  // A target that needs a city before it can book: the host's `input-request` update is the signal.
  const booker: AgentTarget = {
    kind: "agent",
    name: "booker",
    description: "Books a table; asks for the city first.",
    async *run(input) {
      const said = input.messages.filter((message) => message.role === "user");
      if (said.length === 1) {
        yield { type: "input-request", requestId: "city", prompt: "Which city?" };
        return;
      }
      const city = said.at(-1)?.content.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("");
      yield { type: "text-delta", text: `Booked a table in ${city}.` };
    },
  };
  let booking: TestHost;
  beforeAll(async () => {
    booking = await startHost({ target: booker });
  });
  afterAll(async () => {
    await booking?.close();
  });

  it("asks, and the answer on the same task completes it", async () => {
    const asked = await send(booking, "Book me a table");
    expect(asked.status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
    expect(asked.status?.message?.parts[0]?.content).toEqual({ $case: "text", value: "Which city?" });
    const done = await send(booking, "Paris", { taskId: asked.id, contextId: asked.contextId });
    expect(done.id).toBe(asked.id);
    expect(done.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(answerOf(done)).toBe("Booked a table in Paris.");
    // History: the request, the question, the answer.
    expect(done.history.map((message) => message.parts[0]?.content?.value)).toEqual(["Book me a table", "Which city?", "Paris"]);
  });

  it("cancels a task that waits for input", async () => {
    const asked = await send(booking, "Book again");
    const cancelled = await booking.client.cancelTask(CancelTaskRequest.fromJSON({ id: asked.id }));
    expect(cancelled.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
  });
});

describe("workflow targets", () => {
  it("take a lone data part as their typed input", async () => {
    const greeter: WorkflowTarget<{ name: string }> = {
      kind: "workflow",
      name: "greeter",
      parseInput: (input) => {
        if (typeof input !== "object" || input === null || typeof (input as { name?: unknown }).name !== "string") throw new Error("send { name }");
        return input as { name: string };
      },
      async *run(input) {
        yield { type: "text-delta", text: `Hello, ${input.name}!` };
      },
    };
    const target = await startHost({ target: greeter });
    try {
      expect(answerOf(await send(target, { name: "Ada" }))).toBe("Hello, Ada!");
      // Text it cannot parse: the host refuses the turn, the task is rejected with the reason.
      const rejected = await send(target, "just text");
      expect(rejected.status?.state).toBe(TaskState.TASK_STATE_REJECTED);
      expect(JSON.stringify(rejected.status?.message)).toContain("send { name }");
    } finally {
      await target.close();
    }
  });
});
