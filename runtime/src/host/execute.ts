// The second half of a turn: serialize on the session, load history, run the target, stream its
// updates, fold them into a RunResult and append the turn to history — whatever the consumer does.
import { randomUUID } from "node:crypto";
import type { ChannelInput } from "../channel/request.ts";
import type { RunStream } from "../channel/types.ts";
import { appendHistory, loadHistory, type StoredMessage } from "../session/history.ts";
import type { HostStateStore } from "../stores/types.ts";
import { RunResultBuilder } from "../target/result.ts";
import type { ChatMessage, RunResult, RunUpdate, Target, TargetContext } from "../target/types.ts";
import { AsyncQueue } from "./_async-queue.ts";
import type { KeyLock } from "../_key-lock.ts";
import type { PreparedTurn } from "./prepare.ts";

export interface ExecuteDeps {
  target: Target;
  store: HostStateStore;
  sessions: KeyLock;
}

/** Starts the turn; resolves once it holds its session, so a stream can begin. */
export async function executeTurn(deps: ExecuteDeps, turn: PreparedTurn, signal?: AbortSignal): Promise<RunStream> {
  const release = turn.session ? await deps.sessions.acquire(turn.session.id) : () => {};
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener("abort", onAbort, { once: true });

  const queue = new AsyncQueue<RunUpdate>(() => controller.abort(new Error("consumer stopped reading")));
  const result = produce(deps, turn, controller.signal, queue).finally(() => {
    signal?.removeEventListener("abort", onAbort);
    queue.end();
    release();
  });
  return { updates: queue, result, session: turn.session, request: turn.request };
}

async function produce(deps: ExecuteDeps, turn: PreparedTurn, signal: AbortSignal, queue: AsyncQueue<RunUpdate>): Promise<RunResult> {
  const { request, session } = turn;
  const history = session ? await loadHistory(deps.store, session.id) : [];
  const userMessages = toChatMessages(request.input);
  const builder = new RunResultBuilder();
  const context: TargetContext = {
    signal,
    channel: request.channel,
    options: request.options,
    ...(session ? { sessionId: session.id } : {}),
    ...(turn.isolationKey ? { isolationKey: turn.isolationKey } : {}),
    ...(request.forwardedProps ? { forwardedProps: request.forwardedProps } : {}),
  };
  try {
    const updates =
      deps.target.kind === "agent"
        ? deps.target.run({ messages: [...history.map(stripStored), ...userMessages], instructions: request.instructions }, context)
        : deps.target.run(turn.targetInput, context);
    for await (const update of updates) {
      if (signal.aborted) break;
      builder.add(update);
      queue.push(update);
    }
  } catch (error) {
    const update: RunUpdate = { type: "error", error: { code: "target_error", message: redact(error) } };
    builder.add(update);
    queue.push(update);
  }
  const result = builder.finish(signal.aborted ? "cancelled" : undefined);
  if (session) await appendHistory(deps.store, session.id, turnMessages(turn, userMessages, result));
  return result;
}

function turnMessages(turn: PreparedTurn, userMessages: ChatMessage[], result: RunResult): StoredMessage[] {
  const createdAt = new Date().toISOString();
  const envelope = { channel: turn.request.channel, responseTarget: turn.request.responseTarget, ...(turn.request.identity ? { identity: turn.request.identity } : {}) };
  return [
    ...userMessages.map((message) => ({ ...message, id: `msg_${randomUUID()}`, createdAt, envelope })),
    { role: "assistant", content: result.parts, id: turn.assistantMessageId ?? `msg_${randomUUID()}`, createdAt, status: result.status, deliveries: [] },
  ];
}

/** Chat text or messages as messages; structured (workflow) input as its JSON text. */
export function toChatMessages(input: ChannelInput): ChatMessage[] {
  if (typeof input === "string") return [{ role: "user", content: [{ type: "text", text: input }] }];
  if (Array.isArray(input)) return input;
  return [{ role: "user", content: [{ type: "text", text: JSON.stringify(input) }] }];
}

function stripStored(message: StoredMessage): ChatMessage {
  return { role: message.role, content: message.content };
}

function redact(error: unknown): string {
  return error instanceof Error ? error.message : "The target failed.";
}
