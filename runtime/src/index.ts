// Public API of agent-host: the host, the seams and their default implementations.
// Conformance suites and fake platforms live in `agent-host/testing`.
export * from "./host/create-host.ts";
export * from "./host/errors.ts";
export * from "./host/logger.ts";
export type { ServeOptions, ServedHost } from "./host/serve.ts";
export * from "./channel/request.ts";
export type * from "./channel/types.ts";
export * from "./session/resolve.ts";
export * from "./session/history.ts";
export * from "./identity/resolver.ts";
export * from "./runs/continuations.ts";
export * from "./runs/in-process-runner.ts";
export type * from "./runs/types.ts";
export * from "./stores/types.ts";
export * from "./stores/update.ts";
export * from "./stores/memory.ts";
export * from "./stores/file.ts";
export type * from "./target/types.ts";
export * from "./target/result.ts";
export * from "./target/echo.ts";
export * from "./target/ai-sdk.ts";
export * from "./target/workflow.ts";
export * from "./auth/bearer.ts";
