// Push URLs go through the host's outbound URL policy: a webhook whose (fake) resolution is the metadata
// address is refused with invalid params and never contacted, delivery re-checks, the key guards push configs.
import { ListTaskPushNotificationConfigsRequest, ListTasksRequest, TaskPushNotificationConfig, TaskState, type Task } from "@a2a-js/sdk";
import { RequestMalformedError } from "@a2a-js/sdk/errors";
import { outboundUrlPolicy, type AgentTarget, type Logger, type UrlLookup } from "agent-host";
import type { LookupAddress } from "node:dns";
import { isIP, Socket } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { answerOf, eventually, startHost, userMessage, type TestHost } from "./_a2a-host.ts";
import { startPushReceiver, type PushReceiver } from "./_a2a-push-receiver.ts";

/** Our own resolver: the names below exist only here, and their answers can change (DNS rebinding). */
const dns: Record<string, string[]> = {};
const lookup: UrlLookup = async (hostname) => {
  const addresses = dns[hostname];
  if (!addresses) throw Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
  return addresses.map((address): LookupAddress => ({ address, family: isIP(address) }));
};

/** Asks for a city first (input-required), so a push config can be added to a task that is still open. */
const booker: AgentTarget = {
  kind: "agent",
  name: "booker",
  async *run(input) {
    if (input.messages.filter((message) => message.role === "user").length === 1) {
      yield { type: "input-request", requestId: "city", prompt: "Which city?" };
      return;
    }
    yield { type: "text-delta", text: "Booked." };
  },
};

const warnings: { message: string; fields?: Record<string, unknown> }[] = [];
const logger: Logger = { info: () => {}, error: () => {}, warn: (message, fields) => warnings.push({ message, fields }) };

let host: TestHost;
let receiver: PushReceiver;
beforeAll(async () => {
  receiver = await startPushReceiver();
  host = await startHost({ target: booker, logger, channel: { pushUrls: outboundUrlPolicy({ lookup, allow: ["127.0.0.1"], allowListName: "A2A_PUSH_ALLOW_HOSTS" }) } });
});
afterAll(async () => {
  await host?.close();
  await receiver?.close();
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const port = () => new URL(receiver.url).port;
const rpc = (target: TestHost, method: string, params: unknown, headers: Record<string, string> = { "A2A-Version": "1.0" }) =>
  fetch(`${target.url}/a2a`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ jsonrpc: "2.0", id: 9, method, params }) });
const configsOf = async (target: TestHost, taskId: string) => (await target.client.listTaskPushNotificationConfig(ListTaskPushNotificationConfigsRequest.fromJSON({ taskId }))).configs;
/** Every host the process opened a TCP connection to (the spied Socket.connect's options). */
const connectedHosts = (connect: { mock: { calls: unknown[][] } }) => connect.mock.calls.map(([options]) => (options as { host?: string } | undefined)?.host);

describe("push URLs the policy refuses", () => {
  it("refuses a push config whose host resolves to 169.254.169.254 with -32602, stores nothing, connects nowhere", async () => {
    dns["hooks.example.com"] = ["169.254.169.254"];
    const task = (await host.client.sendMessage(userMessage("Book a table"))) as Task;
    expect(task.status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
    const connect = vi.spyOn(Socket.prototype, "connect");
    const fetchSpy = vi.spyOn(globalThis, "fetch");

    const config = TaskPushNotificationConfig.fromJSON({ taskId: task.id, url: "http://hooks.example.com/latest/meta-data/" });
    const refused = host.client.createTaskPushNotificationConfig(config);
    await expect(refused).rejects.toBeInstanceOf(RequestMalformedError);
    await expect(refused).rejects.toThrow(/169\.254\.169\.254, a link-local .* add "hooks\.example\.com" or "169\.254\.169\.254" to A2A_PUSH_ALLOW_HOSTS/);
    const raw = await (await rpc(host, "CreateTaskPushNotificationConfig", { taskId: task.id, url: "http://hooks.example.com/x" })).json();
    expect(raw).toMatchObject({ jsonrpc: "2.0", id: 9, error: { code: -32602, message: expect.stringContaining("Invalid push notification URL") } });

    expect(await configsOf(host, task.id)).toEqual([]);
    // Only the test's own client calls to the host on 127.0.0.1; nothing went to the refused address.
    expect(connectedHosts(connect).every((connected) => connected === "127.0.0.1")).toBe(true);
    expect(fetchSpy.mock.calls.every(([input]) => String(input).startsWith(host.url))).toBe(true);
  });

  it("refuses SendMessage and SendStreamingMessage with such a push config before any task is created", async () => {
    dns["hooks.example.com"] = ["169.254.169.254"];
    const before = (await host.client.listTasks(ListTasksRequest.fromJSON({}))).totalSize;
    const configuration = { returnImmediately: true, taskPushNotificationConfig: { url: "http://hooks.example.com/hook" } };
    await expect(host.client.sendMessage(userMessage("notify the metadata service", { configuration }))).rejects.toBeInstanceOf(RequestMalformedError);
    const stream = await rpc(host, "SendStreamingMessage", { message: { messageId: "s1", role: "ROLE_USER", parts: [{ text: "x" }] }, configuration });
    expect(stream.headers.get("content-type")).toContain("application/json");
    expect((await stream.json()).error.code).toBe(-32602);
    expect((await host.client.listTasks(ListTasksRequest.fromJSON({}))).totalSize).toBe(before);
  });

  it("refuses v0.3 clients too: tasks/pushNotificationConfig/set and message/send with a pushNotificationConfig", async () => {
    const task = (await host.client.sendMessage(userMessage("Book again"))) as Task;
    for (const url of ["http://169.254.169.254/latest/", "http://[::ffff:169.254.169.254]/", "http://metadata.google.internal/", "file:///etc/passwd", "http://10.0.0.1/"]) {
      const set = await (await rpc(host, "tasks/pushNotificationConfig/set", { taskId: task.id, pushNotificationConfig: { url } }, {})).json();
      expect(set.error, url).toMatchObject({ code: -32602, message: expect.stringContaining("Refused") });
    }
    const message = { kind: "message", messageId: "m-03", role: "user", parts: [{ kind: "text", text: "old school" }] };
    const sent = await (await rpc(host, "message/send", { message, configuration: { blocking: false, pushNotificationConfig: { url: "http://169.254.169.254/" } } }, {})).json();
    expect(sent.error.code).toBe(-32602);
    expect(await configsOf(host, task.id)).toEqual([]);
  });

  it("re-checks at delivery: a name that rebinds to the metadata address after registration is never POSTed to", async () => {
    dns["receiver.test"] = ["127.0.0.1"];
    dns["rebind.test"] = ["127.0.0.1"];
    const task = (await host.client.sendMessage(userMessage("Book for later"))) as Task;
    for (const [name, token] of [["receiver.test", "kept"], ["rebind.test", "rebound"]] as const) {
      await host.client.createTaskPushNotificationConfig(TaskPushNotificationConfig.fromJSON({ taskId: task.id, url: `http://${name}:${port()}/webhook`, token }));
    }
    dns["rebind.test"] = ["169.254.169.254"]; // the attacker's DNS answer changes after the check
    warnings.length = 0;

    const done = (await host.client.sendMessage(userMessage("Paris", { taskId: task.id, contextId: task.contextId }))) as Task;
    expect(answerOf(done)).toBe("Booked.");
    const mine = () => receiver.received.filter(({ body }) => JSON.stringify(body).includes(task.id));
    await eventually(async () => mine(), (got) => JSON.stringify(got).includes("TASK_STATE_COMPLETED"));
    // receiver.test (pinned to the checked 127.0.0.1) got every event; rebind.test got none.
    expect(mine().map((push) => push.headers["x-a2a-notification-token"])).toEqual(mine().map(() => "kept"));
    expect(mine().map((push) => push.headers.host)).toEqual(mine().map(() => `receiver.test:${port()}`));
    const refusals = warnings.filter((warning) => warning.message.includes("push notification not delivered"));
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals[0]?.fields).toMatchObject({ taskId: task.id, webhook: `http://rebind.test:${port()}`, error: expect.stringContaining("169.254.169.254, a link-local") });
  });
});

describe("the default policy: A2A_PUSH_ALLOW_HOSTS", () => {
  it("refuses a loopback push URL unless A2A_PUSH_ALLOW_HOSTS allows it", async () => {
    for (const allow of ["", "203.0.113.9, 127.0.0.1"]) {
      vi.stubEnv("A2A_PUSH_ALLOW_HOSTS", allow);
      const target = await startHost();
      try {
        const configuration = { returnImmediately: true, taskPushNotificationConfig: { url: receiver.url } };
        const sending = target.client.sendMessage(userMessage("env", { configuration }));
        if (allow === "") {
          await expect(sending).rejects.toThrow(/127\.0\.0\.1 is a loopback .* add "127\.0\.0\.1" to A2A_PUSH_ALLOW_HOSTS/);
          continue;
        }
        const task = (await sending) as Task;
        await eventually(async () => JSON.stringify(receiver.received), (got) => got.includes(task.id));
      } finally {
        await target.close();
      }
    }
  });
});

describe("push configs need the API key when AGENT_HOST_API_KEY is set", () => {
  it("answers 401 to push-config calls without the key, stores nothing and sends nothing", async () => {
    vi.stubEnv("AGENT_HOST_API_KEY", "push-guard");
    // apiKey undefined: the channel takes AGENT_HOST_API_KEY, as a generated project does.
    const guarded = await startHost({ clientKey: "push-guard", channel: { apiKey: undefined, pushUrls: outboundUrlPolicy({ allow: ["127.0.0.1"] }) } });
    try {
      const task = (await guarded.client.sendMessage(userMessage("mine"))) as Task;
      const before = receiver.received.length;
      const calls: [string, unknown, Record<string, string>][] = [
        ["CreateTaskPushNotificationConfig", { taskId: task.id, url: receiver.url }, { "A2A-Version": "1.0" }],
        ["tasks/pushNotificationConfig/set", { taskId: task.id, pushNotificationConfig: { url: receiver.url } }, {}],
        ["SendMessage", { message: { messageId: "u1", role: "ROLE_USER", parts: [{ text: "x" }] }, configuration: { returnImmediately: true, taskPushNotificationConfig: { url: receiver.url } } }, { "A2A-Version": "1.0" }],
      ];
      for (const [method, params, headers] of calls) {
        for (const auth of [{}, { authorization: "Bearer wrong" }] as Record<string, string>[]) {
          const response = await rpc(guarded, method, params, { ...headers, ...auth });
          expect(response.status, method).toBe(401);
          expect((await response.json()).error.code).toBe(-32000);
        }
      }
      expect(await configsOf(guarded, task.id)).toEqual([]);
      // With the key, the same call is accepted.
      const created = await guarded.client.createTaskPushNotificationConfig(TaskPushNotificationConfig.fromJSON({ taskId: task.id, url: receiver.url }));
      expect((await configsOf(guarded, task.id)).map((config) => config.id)).toEqual([created.id]);
      expect(receiver.received.length).toBe(before);
    } finally {
      await guarded.close();
    }
  });
});
