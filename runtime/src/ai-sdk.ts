// agent-host/ai-sdk: aiSdkAgent, an AgentTarget on the Vercel AI SDK (needs the `ai` package).
// A separate entry point, so `import "agent-host"` never loads `ai`.
export { aiSdkAgent } from "./target/ai-sdk.ts";
export type { AiSdkAgentOptions } from "./target/ai-sdk.ts";
