// SPEC §5 in the host: a non-originating request (decided after the run hook) is queued and answered
// with its continuation, its result delivered out of band when it ends; `host.deliver` for app messages.
import { createChannelRequest, type ResponseTarget } from "../channel/request.ts";
import type { DeferredRun } from "../channel/types.ts";
import { queueBackgroundRun, type BackgroundDeps } from "../host/background.ts";
import type { PreparedTurn } from "../host/prepare.ts";
import type { ContinuationToken } from "../runs/types.ts";
import type { DeliveryRecord } from "../session/history.ts";
import type { RunResult } from "../target/types.ts";
import { deliverResult, type DeliverDeps } from "./deliver.ts";

/** Whether the caller gets a continuation instead of the result. */
export function answersOutOfBand(target: ResponseTarget): boolean {
  return target.kind !== "originating";
}

/** Queues the prepared turn (runner started by the caller) and describes it for the channel. */
export async function deferTurn(deps: BackgroundDeps, turn: PreparedTurn, token?: string): Promise<DeferredRun> {
  const continuation = await queueBackgroundRun(deps, turn, token);
  return { continuation, request: turn.request, ...(turn.session ? { session: turn.session } : {}) };
}

/** The background executor's completion hook: delivers unless the target is originating or none. */
export function deliverAfterRun(deps: DeliverDeps) {
  return async (record: ContinuationToken, result: RunResult, messageId?: string): Promise<void> => {
    const kind = record.responseTarget.kind;
    if (kind === "originating" || kind === "none" || result.status === "cancelled") return;
    try {
      await deliverResult(deps, {
        request: record.request,
        result,
        ...(record.isolationKey ? { isolationKey: record.isolationKey } : {}),
        ...(record.session ? { sessionId: record.session.id } : {}),
        ...(messageId ? { messageId } : {}),
      });
    } catch (error) {
      deps.log.error("delivery failed; the result stays available for polling", { token: record.token, error: String(error) });
    }
  };
}

/** `host.deliver`: pushes a message the app composed (a reminder, a report) to a person, no turn involved. */
export function proactiveDelivery(deps: DeliverDeps) {
  return (isolationKey: string, message: string | RunResult, target: ResponseTarget): Promise<DeliveryRecord[]> =>
    deliverResult(deps, {
      request: createChannelRequest({ channel: "host", input: "", responseTarget: target }),
      result: typeof message === "string" ? { status: "completed", parts: [{ type: "text", text: message }], text: message } : message,
      isolationKey,
    });
}
