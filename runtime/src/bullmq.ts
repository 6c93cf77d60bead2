// agent-host/bullmq: the distributed TaskRunner on BullMQ (needs the `bullmq` and `ioredis` packages).
// A separate entry point, so `import "agent-host"` never loads BullMQ.
export { bullmqRunner } from "./runs/bullmq-runner.ts";
export type { BullmqRunnerOptions } from "./runs/bullmq-runner.ts";
export type { RunnerConnection } from "./runs/_bullmq-connection.ts";
