// Start-up recovery of background runs left by a previous process: queued runs are queued again,
// runs that were executing are marked failed with a clear reason — none is silently lost.
import { CONTINUATION_NAMESPACE, transitionContinuation } from "../runs/continuations.ts";
import type { ContinuationToken, TaskRunner } from "../runs/types.ts";
import type { HostStateStore } from "../stores/types.ts";

export interface RecoveryReport {
  requeued: number;
  failed: number;
}

export async function recoverBackgroundRuns(store: HostStateStore, runner: TaskRunner): Promise<RecoveryReport> {
  const report: RecoveryReport = { requeued: 0, failed: 0 };
  for (const { value } of await store.list<ContinuationToken>(CONTINUATION_NAMESPACE)) {
    if (value.status === "queued") {
      await runner.enqueue(value.token);
      report.requeued++;
    } else if (value.status === "running") {
      const { changed } = await transitionContinuation(store, value.token, () => ({
        status: "failed",
        error: { code: "interrupted", message: "The host stopped while this run was in progress. Start the run again." },
      }));
      if (changed) report.failed++;
    }
  }
  return report;
}
