// The agent this project hosts: an Azure OpenAI deployment through the AI SDK, keyed by AZURE_API_KEY.
// Without the key or the resource name it falls back to the offline echo agent, so `npm start` works.
import { createAzure } from "@ai-sdk/azure";
import { echoAgent, type AgentTarget } from "agent-host";
import { aiSdkAgent } from "agent-host/ai-sdk";

/** The agent's own instructions; each request's instructions follow them. */
const SYSTEM = "You are a helpful assistant. Answer briefly and clearly.";

function createTarget(env: NodeJS.ProcessEnv): AgentTarget {
  const missing = ["AZURE_API_KEY", "AZURE_RESOURCE_NAME"].filter((name) => !env[name]);
  if (missing.length > 0) {
    console.warn(`[agent] ${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} not set, so the offline echo agent answers. Put them in .env to use Azure OpenAI.`);
    return echoAgent();
  }
  const azure = createAzure({ apiKey: env.AZURE_API_KEY, resourceName: env.AZURE_RESOURCE_NAME });
  // The model id is your deployment's name (Azure portal → your resource → Deployments).
  return aiSdkAgent({ model: azure(env.AZURE_DEPLOYMENT || "gpt-5-mini"), system: SYSTEM, name: "assistant" });
}

export const target = createTarget(process.env);
