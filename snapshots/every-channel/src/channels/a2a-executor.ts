// The AgentExecutor the SDK calls for each A2A turn: it runs the turn through the host (streamed, or as a
// background run it follows) and publishes the task's events: submitted → working → answer chunks → end.
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { SendMessageRequest, TaskState, type Message, type Part, type Task } from "@a2a-js/sdk";
import { AgentEvent, type AgentExecutor, type ExecutionEventBus, type RequestContext } from "@a2a-js/sdk/server";
import { createChannelRequest, HostError, type ChannelContext, type ContinuationToken, type RunStream } from "agent-host";
import { recordRun, storedContextId, type LiveRun, type LiveRuns } from "./a2a-task-store.ts";
import { agentMessage, continuationEnd, messageOf, streamEnd, taskStatus, toChannelInput, updatePart, type TaskEnd } from "./a2a-wire.ts";

/** How often a background run's record is read while the task follows it. */
const POLL_INTERVAL_MS = 50;
const CANCEL = "cancel";
const SHUTDOWN = "shutdown";

/** Stops following background runs when the host shuts down; the runs are the host's and survive restarts. */
export function stopFollowing(live: LiveRuns): void {
  for (const run of live.values()) if (run.token) run.controller.abort(SHUTDOWN);
}

export function hostAgentExecutor(ctx: ChannelContext, channel: string, live: LiveRuns): AgentExecutor {
  return {
    async execute(turn, bus) {
      const { taskId, contextId, request, userMessage } = turn;
      const events = taskEvents(bus, taskId, contextId);
      const run: LiveRun = { controller: new AbortController() };
      live.set(taskId, run);
      try {
        // Every execution opens with the task: new, or the input-required one this message answers.
        events.task(turn.task ? { ...turn.task, status: taskStatus(TaskState.TASK_STATE_WORKING) } : newTask(taskId, contextId, userMessage));
        let channelRequest;
        try {
          channelRequest = toChannelRequest(turn, channel);
        } catch (error) {
          return events.end({ state: TaskState.TASK_STATE_REJECTED, message: messageOf(error), parts: [] });
        }
        const options = { protocolRequest: SendMessageRequest.toJSON(request) };
        // returnImmediately and push notifications ask for a durable background run; the task follows it.
        const config = request.configuration;
        if (config?.returnImmediately || config?.taskPushNotificationConfig) {
          return await follow(await ctx.runInBackground(channelRequest, options), run, events);
        }
        const stream = await ctx.stream(channelRequest, { ...options, signal: run.controller.signal });
        if (stream.continuation) return await follow(stream.continuation, run, events); // the run hook sent the answer elsewhere
        events.status(TaskState.TASK_STATE_WORKING);
        await publishStream(stream, events);
      } catch (error) {
        // The host refused the turn before the agent ran (run hook, policy, link required): A2A's "rejected".
        if (error instanceof HostError && error.status < 500) return events.end({ state: TaskState.TASK_STATE_REJECTED, message: error.message, parts: [] });
        throw error; // the SDK records the task as failed
      } finally {
        if (live.get(taskId) === run) live.delete(taskId);
      }
    },

    async cancelTask(taskId, bus) {
      // A streamed run ends as cancelled; a follower cancels its background run. Either publishes "canceled".
      const run = live.get(taskId);
      if (run) return run.controller.abort(CANCEL);
      // An input-required task: nothing runs, so the cancel is published here.
      bus.publish(AgentEvent.statusUpdate(statusEvent(taskId, await storedContextId(ctx.store, taskId), TaskState.TASK_STATE_CANCELED)));
    },
  };

  /** Polls the background run until it ends; cancels it on CancelTask; stops quietly when the host shuts down. */
  async function follow(continuation: ContinuationToken, run: LiveRun, events: TaskEvents): Promise<void> {
    const { signal } = run.controller;
    run.token = continuation.token;
    await recordRun(ctx.store, events.taskId, continuation.token);
    let working = false;
    for (;;) {
      if (signal.reason === SHUTDOWN) return;
      if (signal.reason === CANCEL) await ctx.cancelContinuation(continuation.token); // a finished run stays as it is
      const current = await ctx.getContinuation(continuation.token);
      if (signal.reason === SHUTDOWN) return;
      if (!current) return events.end({ state: TaskState.TASK_STATE_FAILED, message: "The background run's record is gone (expired or lost).", parts: [] });
      if (current.status === "completed" || current.status === "failed" || current.status === "cancelled") return events.end(continuationEnd(current));
      if (current.status === "running" && !working) {
        working = true;
        events.status(TaskState.TASK_STATE_WORKING);
      }
      await sleep(POLL_INTERVAL_MS, undefined, { signal }).catch(() => {});
    }
  }
}

/** Streams the answer as chunks of one artifact (the last one flagged `lastChunk`), then the end state. */
async function publishStream(stream: RunStream, events: TaskEvents): Promise<void> {
  const artifactId = randomUUID();
  const prompts: string[] = [];
  let held: Part | undefined;
  let sent = 0;
  const send = (lastChunk: boolean) => {
    if (held) events.artifact(artifactId, [held], sent++ > 0, lastChunk);
    held = undefined;
  };
  for await (const update of stream.updates) {
    if (update.type === "input-request") prompts.push(update.prompt);
    const part = updatePart(update);
    if (!part) continue;
    send(false);
    held = part;
  }
  send(true);
  events.end(streamEnd(await stream.result, prompts));
}

function toChannelRequest(turn: RequestContext, channel: string) {
  const { taskId, contextId, userMessage } = turn;
  if (contextId.length > 256) throw new Error("The contextId is longer than 256 characters: use a shorter id (a UUID is fine).");
  return createChannelRequest({
    channel,
    input: toChannelInput(userMessage),
    // contextId is the conversation: every task in one context continues one host session.
    session: { key: contextId },
    attributes: { a2a: { taskId, contextId, messageId: userMessage.messageId } },
  });
}

function newTask(id: string, contextId: string, userMessage: Message): Task {
  return { id, contextId, status: taskStatus(TaskState.TASK_STATE_SUBMITTED), artifacts: [], history: [userMessage], metadata: undefined };
}

function statusEvent(taskId: string, contextId: string, state: TaskState, text?: string, messageId?: string) {
  const message = text ? agentMessage(taskId, contextId, text, messageId) : undefined;
  return { taskId, contextId, status: taskStatus(state, message), metadata: undefined };
}

type TaskEvents = ReturnType<typeof taskEvents>;

function taskEvents(bus: ExecutionEventBus, taskId: string, contextId: string) {
  const artifact = (artifactId: string, parts: Part[], append: boolean, lastChunk: boolean) =>
    bus.publish(AgentEvent.artifactUpdate({ taskId, contextId, artifact: { artifactId, name: "response", description: "", parts, metadata: undefined, extensions: [] }, append, lastChunk, metadata: undefined }));
  return {
    taskId,
    task: (task: Task) => bus.publish(AgentEvent.task(task)),
    status: (state: TaskState, text?: string) => bus.publish(AgentEvent.statusUpdate(statusEvent(taskId, contextId, state, text))),
    artifact,
    /** The answer's remaining parts (if any) as one artifact, then the final status. */
    end(end: TaskEnd) {
      if (end.parts.length > 0) artifact(end.id ?? randomUUID(), end.parts, false, true);
      bus.publish(AgentEvent.statusUpdate(statusEvent(taskId, contextId, end.state, end.message, end.id && `${end.id}-status`)));
    },
  };
}
