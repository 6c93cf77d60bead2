// The agent this project hosts: an OpenAI model through the AI SDK, keyed by OPENAI_API_KEY.
// Without the key it falls back to the offline echo agent, so `npm start` works before you add one.
import { createOpenAI } from "@ai-sdk/openai";
import { echoAgent, type AgentTarget } from "agent-host";
import { aiSdkAgent } from "agent-host/ai-sdk";

/** The agent's own instructions; each request's instructions follow them. */
const SYSTEM = "You are a helpful assistant. Answer briefly and clearly.";

function createTarget(env: NodeJS.ProcessEnv): AgentTarget {
  const apiKey = env.OPENAI_API_KEY;
  if (!apiKey) {
    console.warn("[agent] OPENAI_API_KEY is not set, so the offline echo agent answers. Put your key in .env to use OpenAI.");
    return echoAgent();
  }
  const openai = createOpenAI({ apiKey });
  return aiSdkAgent({ model: openai(env.OPENAI_MODEL || "gpt-5-mini"), system: SYSTEM, name: "assistant" });
}

export const target = createTarget(process.env);
