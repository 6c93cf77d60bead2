// The agent this project hosts: an Anthropic model through the AI SDK, keyed by ANTHROPIC_API_KEY.
// Without the key it falls back to the offline echo agent, so `npm start` works before you add one.
import { createAnthropic } from "@ai-sdk/anthropic";
import { echoAgent, type AgentTarget } from "agent-host";
import { aiSdkAgent } from "agent-host/ai-sdk";

/** The agent's own instructions; each request's instructions follow them. */
const SYSTEM = "You are a helpful assistant. Answer briefly and clearly.";

function createTarget(env: NodeJS.ProcessEnv): AgentTarget {
  const apiKey = env.ANTHROPIC_API_KEY;
  if (!apiKey) {
    console.warn("[agent] ANTHROPIC_API_KEY is not set, so the offline echo agent answers. Put your key in .env to use Anthropic.");
    return echoAgent();
  }
  const anthropic = createAnthropic({ apiKey });
  return aiSdkAgent({ model: anthropic(env.ANTHROPIC_MODEL || "claude-sonnet-4-5"), system: SYSTEM, name: "assistant" });
}

export const target = createTarget(process.env);
