// The SDK's TaskStore on the host's state store (namespace "a2a-tasks"): tasks survive restarts with the
// file store, and a task whose background run finished while nobody followed it is brought up to date on read.
import { Task, TaskState, type ListTasksRequest, type ListTasksResponse, type Part } from "@a2a-js/sdk";
import { RequestMalformedError } from "@a2a-js/sdk/errors";
import type { TaskStore } from "@a2a-js/sdk/server";
import type { ChannelContext, HostStateStore } from "agent-host";
import { randomUUID } from "node:crypto";
import { agentMessage, continuationEnd, taskStatus } from "./a2a-wire.ts";

export const TASKS_NAMESPACE = "a2a-tasks";
/** Task id → the continuation token of its latest background run. */
const RUNS_NAMESPACE = "a2a-runs";
/** Tasks are kept for 30 days after their last change. */
export const TASK_TTL_MS = 30 * 24 * 60 * 60 * 1000;
const OPEN_STATES = new Set([TaskState.TASK_STATE_SUBMITTED, TaskState.TASK_STATE_WORKING]);

/** A run this process executes or follows for a task; `token` is set for a background run. */
export interface LiveRun {
  controller: AbortController;
  token?: string;
}
export type LiveRuns = Map<string, LiveRun>;

/**
 * Tasks are shared by every caller of this host (one API key, no per-user scoping). Adjacent text chunks of a
 * streamed artifact are stored as one text part, so GetTask shows the answer whole.
 */
export function hostTaskStore(ctx: ChannelContext, live: LiveRuns): TaskStore {
  const save = async (task: Task) => {
    const stored = { ...task, artifacts: task.artifacts.map((artifact) => ({ ...artifact, parts: mergeText(artifact.parts) })) };
    await ctx.store.set(TASKS_NAMESPACE, task.id, Task.toJSON(stored), { ttlMs: TASK_TTL_MS });
  };
  const parse = (value: unknown) => {
    const task = Task.fromJSON(value);
    return live.has(task.id) ? task : settleFromRun(ctx, task, save);
  };
  return {
    save,
    async load(taskId) {
      const record = taskId.length <= 512 ? await ctx.store.get(TASKS_NAMESPACE, taskId) : undefined;
      return record ? parse(record.value) : undefined;
    },
    // Reads the whole namespace: fine for thousands of tasks; a database-backed TaskStore scales further.
    async list(params: ListTasksRequest): Promise<ListTasksResponse> {
      const all = await Promise.all((await ctx.store.list(TASKS_NAMESPACE)).map((record) => parse(record.value)));
      const tasks = all
        .filter((task) => (!params.contextId || task.contextId === params.contextId) && (!params.status || task.status?.state === params.status))
        .filter((task) => !params.statusTimestampAfter || (task.status?.timestamp ?? "") > new Date(params.statusTimestampAfter).toISOString())
        .sort((a, b) => (b.status?.timestamp ?? "").localeCompare(a.status?.timestamp ?? "") || b.id.localeCompare(a.id));
      // The page token is the id of the last task of the previous page.
      const start = params.pageToken ? tasks.findIndex((task) => task.id === params.pageToken) + 1 : 0;
      if (params.pageToken && start === 0) throw new RequestMalformedError(`Unknown pageToken '${params.pageToken}': pass the nextPageToken of the previous page.`);
      const pageSize = params.pageSize ?? 50;
      const page = tasks.slice(start, start + pageSize).map((task) => (params.includeArtifacts ? task : { ...task, artifacts: [] }));
      const nextPageToken = start + pageSize < tasks.length ? (page.at(-1)?.id ?? "") : "";
      return { tasks: page, nextPageToken, pageSize, totalSize: tasks.length };
    },
  };
}

/** Remembers which continuation carries a task's background run (for reads and cancels after a restart). */
export async function recordRun(store: HostStateStore, taskId: string, token: string): Promise<void> {
  await store.set(RUNS_NAMESPACE, taskId, token, { ttlMs: TASK_TTL_MS });
}

/** Cancels a task's background run through the host, whether or not this process follows it. */
export async function cancelRecordedRun(ctx: ChannelContext, taskId: string): Promise<void> {
  const record = taskId.length <= 512 ? await ctx.store.get<string>(RUNS_NAMESPACE, taskId) : undefined;
  if (record) await ctx.cancelContinuation(record.value);
}

export async function storedContextId(store: HostStateStore, taskId: string): Promise<string> {
  const record = await store.get(TASKS_NAMESPACE, taskId);
  return record ? Task.fromJSON(record.value).contextId : "";
}

/** An open task whose background run has ended (e.g. across a restart) takes the run's outcome and is saved. */
async function settleFromRun(ctx: ChannelContext, task: Task, save: (task: Task) => Promise<void>): Promise<Task> {
  if (!task.status || !OPEN_STATES.has(task.status.state)) return task;
  const token = (await ctx.store.get<string>(RUNS_NAMESPACE, task.id))?.value;
  const continuation = token ? await ctx.getContinuation(token) : undefined;
  if (!continuation || continuation.status === "queued" || continuation.status === "running") return task;
  const end = continuationEnd(continuation);
  // The same ids the follower uses (end.id), so a follower finishing at the same moment writes the same artifact.
  const artifactId = end.id ?? randomUUID();
  const artifact = { artifactId, name: "response", description: "", parts: end.parts, metadata: undefined, extensions: [] };
  if (end.parts.length > 0) task.artifacts = [...task.artifacts.filter((existing) => existing.artifactId !== artifactId), artifact];
  const message = end.message ? agentMessage(task.id, task.contextId, end.message, `${artifactId}-status`) : undefined;
  task.status = taskStatus(end.state, message);
  if (message && !task.history.some((existing) => existing.messageId === message.messageId)) task.history.push(message);
  await save(task);
  return task;
}

function mergeText(parts: Part[]): Part[] {
  const merged: Part[] = [];
  for (const part of parts) {
    const last = merged.at(-1);
    if (last?.content?.$case === "text" && part.content?.$case === "text" && !last.metadata && !part.metadata) {
      merged[merged.length - 1] = { ...last, content: { $case: "text", value: last.content.value + part.content.value } };
    } else merged.push(part);
  }
  return merged;
}
