// Push notifications sent through the host's outbound URL policy: each POST re-checks the webhook URL and
// connects to the checked address (no redirects); v1.0 or v0.3 bodies by the version the config came over.
import type { StreamResponse, Task, TaskPushNotificationConfig } from "@a2a-js/sdk";
import { V03PushNotificationSerializer } from "@a2a-js/sdk/compat/v0_3/server";
import { V1PushNotificationSerializer, type PushNotificationSender, type PushNotificationSerializer, type PushNotificationStore, type StoredPushNotificationConfig } from "@a2a-js/sdk/server";
import type { Logger, OutboundUrlPolicy } from "agent-host";

/** A webhook that does not answer within this long is given up on (the SDK's own sender waits as long). */
const PUSH_TIMEOUT_MS = 5000;
const SERIALIZERS: Record<string, PushNotificationSerializer> = { "1.0": new V1PushNotificationSerializer(), "0.3": new V03PushNotificationSerializer() };

export function hostPushSender(store: PushNotificationStore, urls: OutboundUrlPolicy, log: Logger): PushNotificationSender {
  // One chain per task, so each webhook receives a task's events in order.
  const chains = new Map<string, Promise<void>>();

  async function post({ config, wireVersion }: StoredPushNotificationConfig, event: StreamResponse, task?: Task): Promise<void> {
    try {
      const { body, contentType } = (SERIALIZERS[wireVersion] ?? (SERIALIZERS["1.0"] as PushNotificationSerializer)).serialize(event, task);
      const headers = { "content-type": contentType, ...authHeaders(config) };
      // urls.fetch refuses (UrlRefusedError) a URL that now resolves to a refused address, before connecting.
      const response = await urls.fetch(config.url, { method: "POST", headers, body, signal: AbortSignal.timeout(PUSH_TIMEOUT_MS) });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`the webhook answered HTTP ${response.status}`);
    } catch (error) {
      log.warn("a2a: push notification not delivered", { taskId: config.taskId, webhook: originOf(config.url), error: String(error) });
    }
  }

  return {
    async send(event, context, task) {
      const taskId = taskIdOf(event);
      if (!taskId) return;
      const configs = store.loadWithMetadata
        ? await store.loadWithMetadata(taskId, context)
        : (await store.load(taskId, context)).map((config) => ({ config, wireVersion: context.requestedVersion }));
      if (configs.length === 0) return;
      const done = (chains.get(taskId) ?? Promise.resolve()).then(() => Promise.all(configs.map((entry) => post(entry, event, task)))).then(() => {});
      chains.set(taskId, done);
      await done;
      if (chains.get(taskId) === done) chains.delete(taskId);
    },
  };
}

/** `authentication` (scheme + credentials) → Authorization; else the legacy `token` header, as the SDK's sender does. */
function authHeaders(config: TaskPushNotificationConfig): Record<string, string> {
  const { authentication, token } = config;
  if (authentication?.scheme && authentication.credentials) return { authorization: `${authentication.scheme} ${authentication.credentials}` };
  return token ? { "x-a2a-notification-token": token } : {};
}

function taskIdOf(event: StreamResponse): string {
  const payload = event.payload;
  if (!payload) return "";
  return payload.$case === "task" ? payload.value.id : payload.value.taskId;
}

/** Logs name the webhook's origin only: paths and queries may carry secrets. */
function originOf(url: string): string {
  return URL.canParse(url) ? new URL(url).origin : "(not a URL)";
}
