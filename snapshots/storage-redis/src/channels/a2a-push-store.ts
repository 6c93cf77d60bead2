// The SDK's PushNotificationStore on the host's state store (namespace "a2a-push"): each task's webhook
// configs with the A2A version they were registered over, so v0.3 clients get v0.3-shaped notifications.
import { TaskPushNotificationConfig } from "@a2a-js/sdk";
import type { PushNotificationStore, StoredPushNotificationConfig } from "@a2a-js/sdk/server";
import { updateRecord, type HostStateStore } from "agent-host";
import { randomUUID } from "node:crypto";
import { TASK_TTL_MS } from "./a2a-task-store.ts";

const PUSH_NAMESPACE = "a2a-push";

interface StoredEntry {
  /** TaskPushNotificationConfig as JSON. */
  config: unknown;
  wireVersion: string;
}

export function hostPushStore(store: HostStateStore): PushNotificationStore {
  const read = async (taskId: string): Promise<StoredPushNotificationConfig[]> => {
    const record = await store.get<StoredEntry[]>(PUSH_NAMESPACE, taskId);
    return (record?.value ?? []).map((entry) => ({ config: TaskPushNotificationConfig.fromJSON(entry.config), wireVersion: entry.wireVersion }));
  };
  const change = (taskId: string, edit: (entries: StoredEntry[]) => StoredEntry[]) =>
    updateRecord<StoredEntry[]>(store, PUSH_NAMESPACE, taskId, (current = []) => edit(current), { ttlMs: TASK_TTL_MS });
  const idOf = (entry: StoredEntry) => TaskPushNotificationConfig.fromJSON(entry.config).id;

  return {
    async save(taskId, context, config) {
      // The SDK reads the new id back from this very object.
      if (!config.id) config.id = randomUUID();
      const entry = { config: TaskPushNotificationConfig.toJSON(config), wireVersion: context.requestedVersion || "0.3" };
      await change(taskId, (entries) => [...entries.filter((existing) => idOf(existing) !== config.id), entry]);
    },
    load: async (taskId) => (await read(taskId)).map((entry) => entry.config),
    loadWithMetadata: read,
    async delete(taskId, _context, configId = taskId) {
      await change(taskId, (entries) => entries.filter((entry) => idOf(entry) !== configId));
    },
  };
}
