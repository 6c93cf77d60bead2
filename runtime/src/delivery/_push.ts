// Pushing one destination: format the result into the channel's messages, push them in order (the echo
// rides on the first), and turn what happened into the delivery record's outcome fields.
import type { ChannelFormat, ChannelPush, OutboundMessage, PushReceipt } from "../channel/push.ts";
import type { ChannelIdentity } from "../channel/request.ts";
import type { DeliveryRecord } from "../session/history.ts";
import type { RunResult } from "../target/types.ts";
import { redactError } from "./_redact.ts";
import { defaultFormat } from "./format.ts";

/** A push that has not answered by then counts as failed, so one hung channel cannot hold a run forever. */
const PUSH_TIMEOUT_MS = 30_000;

export interface PushJob {
  identity: ChannelIdentity;
  push: ChannelPush;
  format?: ChannelFormat;
  echo?: OutboundMessage["echo"];
}

/** Formats and pushes every chunk in order; the first that does not deliver ends the job. Never throws. */
export async function pushJob(job: PushJob, result: RunResult): Promise<PushReceipt> {
  try {
    const chunks = (job.format ?? defaultFormat)(result).filter((chunk) => chunk.length > 0);
    if (chunks.length === 0) return { status: "skipped", reason: "empty" };
    let messageId: string | undefined;
    for (const [index, text] of chunks.entries()) {
      const message: OutboundMessage = {
        result,
        text,
        ...(index === 0 && job.echo ? { echo: job.echo } : {}),
        ...(chunks.length > 1 ? { chunk: { index, count: chunks.length } } : {}),
      };
      const receipt = await withTimeout(job.push(job.identity, message));
      if (receipt?.status !== "delivered") return receipt ?? { status: "failed", error: { code: "no_receipt", message: "The channel's push returned no receipt." } };
      messageId ??= receipt.messageId;
    }
    return { status: "delivered", ...(messageId ? { messageId } : {}) };
  } catch (error) {
    return { status: "failed", error: redactError(error) };
  }
}

function withTimeout(push: Promise<PushReceipt>): Promise<PushReceipt> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<PushReceipt>((resolve) => {
    const error = { code: "push_timeout", message: `The channel did not answer the push within ${PUSH_TIMEOUT_MS / 1000} s.` };
    timer = setTimeout(() => resolve({ status: "failed", error }), PUSH_TIMEOUT_MS).unref();
  });
  return Promise.race([push, timeout]).finally(() => clearTimeout(timer));
}

/** The record fields after one attempt that started at `at`; errors redacted. */
export function attemptOutcome(receipt: PushReceipt, at: string): Partial<DeliveryRecord> {
  const attempt = { attempts: 1, firstAttemptAt: at, lastAttemptAt: at };
  if (receipt.status === "delivered") return { ...attempt, status: "delivered", lastError: null, ...(receipt.messageId ? { messageId: receipt.messageId } : {}) };
  if (receipt.status === "skipped") return { ...attempt, status: "skipped", reason: receipt.reason ?? "channel" };
  const error = redactError(receipt.error ?? { code: "push_failed", message: "The channel reported a failed push without details." });
  return { ...attempt, status: "failed", lastError: error };
}
