// Tasks live in the host's state store: with the file store they survive a restart, a background run the
// old process never started completes in the new one, and CancelTask still reaches a run nobody follows.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CancelTaskRequest, GetTaskRequest, ListTasksRequest, TaskState, type Task } from "@a2a-js/sdk";
import { fileStore, type TaskRunner } from "agent-host";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerOf, eventually, startHost, userMessage, type TestHost } from "./_a2a-host.ts";

/** A runner that accepts runs and never starts them: the host went down before a worker picked them up. */
function parkedRunner(): TaskRunner {
  return { name: "parked", start: async () => {}, enqueue: async () => {}, cancel: async () => false, drain: async () => {}, close: async () => {} };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "a2a-restart-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const start = (runner?: TaskRunner) => startHost({ store: fileStore({ dir }), ...(runner ? { runner } : {}) });
const getTask = (host: TestHost, id: string) => host.client.getTask(GetTaskRequest.fromJSON({ id }));

describe("restart with the file store", () => {
  it("keeps tasks, finishes queued background runs and cancels across processes", async () => {
    // First process: one finished task, two background tasks whose runs never start.
    const first = await start(parkedRunner());
    const done = (await first.client.sendMessage(userMessage("remember me"))) as Task;
    const queued = (await first.client.sendMessage(userMessage("finish me later", { configuration: { returnImmediately: true } }))) as Task;
    const doomed = (await first.client.sendMessage(userMessage("cancel me later", { configuration: { returnImmediately: true } }))) as Task;
    expect(queued.status?.state).toBe(TaskState.TASK_STATE_SUBMITTED);
    await first.close();

    // Second process, still parked: CancelTask reaches the recorded run although no executor follows it.
    const second = await start(parkedRunner());
    const cancelled = await second.client.cancelTask(CancelTaskRequest.fromJSON({ id: doomed.id }));
    expect(cancelled.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    await second.close();

    // Third process with a real runner: the host re-queues the waiting run; reading the task catches up with it.
    const third = await start();
    try {
      const again = await getTask(third, done.id);
      expect(again.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
      expect(answerOf(again)).toBe("You said: remember me");
      expect(again.contextId).toBe(done.contextId);

      const finished = await eventually(() => getTask(third, queued.id), (task) => task.status?.state === TaskState.TASK_STATE_COMPLETED);
      expect(answerOf(finished)).toBe("You said: finish me later");
      expect((await getTask(third, doomed.id)).status?.state).toBe(TaskState.TASK_STATE_CANCELED);

      const listed = await third.client.listTasks(ListTasksRequest.fromJSON({}));
      expect(listed.tasks.map((task) => task.id).sort()).toEqual([done.id, queued.id, doomed.id].sort());
      // The conversation goes on in the same session after the restart.
      const next = (await third.client.sendMessage(userMessage("and now?", { contextId: done.contextId }))) as Task;
      expect(answerOf(next)).toBe("You said: and now? (message 2 in this conversation)");
    } finally {
      await third.close();
    }
  });
});
