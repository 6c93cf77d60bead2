// Session resolution (SPEC §3): caller-supplied keys scoped by isolation key, host-tracked aliases
// per isolation key for chat platforms, and resetSession rotating the alias without deleting history.
import { randomBytes } from "node:crypto";
import { randomToken } from "../_random.ts";
import type { ChannelRequest } from "../channel/request.ts";
import type { ResolvedSession } from "../channel/types.ts";
import { SessionRequiredError } from "../host/errors.ts";
import type { HostStateStore } from "../stores/types.ts";

export const SESSION_ALIAS_NAMESPACE = "session-alias";

/** The history id of a key, scoped so one user can never read another user's session by its key. */
export function sessionId(key: string, isolationKey: string | undefined): string {
  return `${isolationKey ?? "_"}:${key}`;
}

/** A fresh, URL-safe session key. */
export function newSessionKey(): string {
  return `sess_${randomToken(12)}`;
}

/**
 * `caller-supplied` channels (Responses, Invocations, A2A, MCP) carry the conversation key on the
 * wire, and omitting it starts a fresh thread. `host-tracked` channels (chat platforms) carry only
 * the user; the host keeps one current conversation per isolation key.
 */
export type SessionFamily = "caller-supplied" | "host-tracked";

export async function resolveSession(
  store: HostStateStore,
  request: ChannelRequest,
  isolationKey: string | undefined,
  family: SessionFamily = "host-tracked",
): Promise<ResolvedSession | undefined> {
  if (request.sessionMode === "disabled") return undefined;
  const suppliedKey = request.session?.key;
  if (suppliedKey && family === "host-tracked") {
    // A chat channel's group key (groupSessionKey): shared keys are one session for the whole group,
    // and `/new` in the group rotates its alias like the per-user one.
    const base = groupSessionBase(suppliedKey, isolationKey);
    const alias = await store.get<string>(SESSION_ALIAS_NAMESPACE, `group:${base}`);
    return { id: alias?.value ?? base, key: suppliedKey, isolationKey };
  }
  if (suppliedKey) return { id: sessionId(suppliedKey, isolationKey), key: suppliedKey, isolationKey };
  if (isolationKey && family === "host-tracked") {
    const alias = await store.get<string>(SESSION_ALIAS_NAMESPACE, isolationKey);
    const key = alias?.value ?? isolationKey;
    return { id: sessionId(key, isolationKey), key, isolationKey };
  }
  if (request.sessionMode === "required") {
    throw new SessionRequiredError(
      `Channel "${request.channel}" requires a session, but the request names none` +
        (family === "host-tracked" ? " and carries no identity. Send a session key (or a user identity) with the request." : ". Send the conversation key with the request."),
    );
  }
  const key = newSessionKey();
  return { id: sessionId(key, isolationKey), key, ...(isolationKey ? { isolationKey } : {}) };
}

/**
 * The history id of a chat channel's group key: `_conv:` keys (`per_conversation`) are shared by
 * everyone in the group, so they are not scoped by the speaker's isolation key; other keys are.
 * Only host-tracked channels get here: a caller-supplied key can never name a shared session.
 */
export function groupSessionBase(key: string, isolationKey: string | undefined): string {
  return key.startsWith("_conv:") ? key : sessionId(key, isolationKey);
}

/** Starts a new conversation for a group key (`/new` in a group); the old history stays addressable. */
export async function rotateGroupSession(store: HostStateStore, key: string, isolationKey: string | undefined): Promise<string> {
  const base = groupSessionBase(key, isolationKey);
  const id = `${base}#${randomBytes(4).toString("hex")}`;
  await store.set(SESSION_ALIAS_NAMESPACE, `group:${base}`, id);
  return id;
}

/** Starts a new host-tracked conversation for an isolation key; the old history stays addressable. */
export async function rotateSessionAlias(store: HostStateStore, isolationKey: string): Promise<string> {
  const key = `${isolationKey}#${randomBytes(4).toString("hex")}`;
  await store.set(SESSION_ALIAS_NAMESPACE, isolationKey, key);
  return key;
}
