// Push notifications: a second local Hono server plays the client's webhook (127.0.0.1, allowed explicitly)
// and receives the host's POSTs for a background task; push configs can be created, read, listed and deleted.
import { TaskState, type Task } from "@a2a-js/sdk";
import { DeleteTaskPushNotificationConfigRequest, GetTaskPushNotificationConfigRequest, ListTaskPushNotificationConfigsRequest, TaskPushNotificationConfig } from "@a2a-js/sdk";
import { outboundUrlPolicy } from "agent-host";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerOf, eventually, startHost, userMessage, type TestHost } from "./_a2a-host.ts";
import { startPushReceiver, type PushReceiver } from "./_a2a-push-receiver.ts";

let host: TestHost;
let receiver: PushReceiver;
beforeAll(async () => {
  // The receiver listens on loopback, which the push URL policy refuses unless allowed.
  host = await startHost({ channel: { pushUrls: outboundUrlPolicy({ allow: ["127.0.0.1"] }) } });
  receiver = await startPushReceiver();
});
afterAll(async () => {
  await host?.close();
  await receiver?.close();
});

const statesOf = (pushes: PushReceiver["received"], taskId: string) =>
  pushes.flatMap(({ body }) => {
    const update = body.statusUpdate as { taskId: string; status: { state: string } } | undefined;
    const task = body.task as { id: string; status: { state: string } } | undefined;
    if (update?.taskId === taskId) return [update.status.state];
    if (task?.id === taskId) return [task.status.state];
    return [];
  });

describe("push notifications", () => {
  it("POSTs every task event to the webhook given with the message", async () => {
    const configuration = { returnImmediately: true, taskPushNotificationConfig: { url: receiver.url, token: "webhook-secret" } };
    const task = (await host.client.sendMessage(userMessage("notify me", { configuration }))) as Task;
    expect(task.status?.state).toBe(TaskState.TASK_STATE_SUBMITTED);

    const pushes = await eventually(async () => receiver.received.filter(({ body }) => JSON.stringify(body).includes(task.id)), (got) => statesOf(got, task.id).includes("TASK_STATE_COMPLETED"));
    expect(statesOf(pushes, task.id)).toEqual(["TASK_STATE_SUBMITTED", "TASK_STATE_WORKING", "TASK_STATE_COMPLETED"]);
    expect(pushes.map(({ body }) => Object.keys(body)[0])).toEqual(["task", "statusUpdate", "artifactUpdate", "statusUpdate"]);
    const artifact = pushes[2]?.body.artifactUpdate as { artifact: { parts: { text: string }[] } };
    expect(artifact.artifact.parts[0]?.text).toBe("You said: notify me");
    for (const push of pushes) {
      expect(push.headers["x-a2a-notification-token"]).toBe("webhook-secret");
      expect(push.headers["content-type"]).toBe("application/a2a+json");
    }
    // The task itself ends completed, as the pushes said.
    expect(answerOf(await eventually(() => host.client.getTask({ tenant: "", id: task.id }), (current) => current.status?.state === TaskState.TASK_STATE_COMPLETED))).toBe(
      "You said: notify me",
    );
  });

  it("sends the Authorization header a config asks for", async () => {
    const taskPushNotificationConfig = { url: receiver.url, authentication: { scheme: "Bearer", credentials: "push-key" } };
    const task = (await host.client.sendMessage(userMessage("with auth", { configuration: { returnImmediately: true, taskPushNotificationConfig } }))) as Task;
    const pushes = await eventually(async () => receiver.received.filter(({ body }) => JSON.stringify(body).includes(task.id)), (got) => statesOf(got, task.id).includes("TASK_STATE_COMPLETED"));
    expect(pushes.every((push) => push.headers.authorization === "Bearer push-key")).toBe(true);
  });

  it("creates, gets, lists and deletes a task's push configs", async () => {
    const task = (await host.client.sendMessage(userMessage("configure me"))) as Task;
    const created = await host.client.createTaskPushNotificationConfig(TaskPushNotificationConfig.fromJSON({ taskId: task.id, url: receiver.url, token: "t1" }));
    expect(created.id).not.toBe("");
    const fetched = await host.client.getTaskPushNotificationConfig(GetTaskPushNotificationConfigRequest.fromJSON({ taskId: task.id, id: created.id }));
    expect(fetched).toMatchObject({ taskId: task.id, url: receiver.url, token: "t1", id: created.id });
    const listed = await host.client.listTaskPushNotificationConfig(ListTaskPushNotificationConfigsRequest.fromJSON({ taskId: task.id }));
    expect(listed.configs.map((config) => config.id)).toEqual([created.id]);
    await host.client.deleteTaskPushNotificationConfig(DeleteTaskPushNotificationConfigRequest.fromJSON({ taskId: task.id, id: created.id }));
    const after = await host.client.listTaskPushNotificationConfig(ListTaskPushNotificationConfigsRequest.fromJSON({ taskId: task.id }));
    expect(after.configs).toEqual([]);
  });

  it("refuses a push config for an unknown task", async () => {
    await expect(host.client.createTaskPushNotificationConfig(TaskPushNotificationConfig.fromJSON({ taskId: "nope", url: receiver.url }))).rejects.toThrow(/not found/i);
  });
});
