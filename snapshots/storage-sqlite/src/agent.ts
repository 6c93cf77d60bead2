// The agent this project hosts: the offline echo agent, which answers "You said: …" word by word.
// To use a model, install `ai` and an AI SDK provider and return `aiSdkAgent({ model })` (agent-host/ai-sdk).
import { echoAgent } from "agent-host";

/**
 * For example, with OpenAI (`npm install ai @ai-sdk/openai`):
 *
 *   import { createOpenAI } from "@ai-sdk/openai";
 *   import { aiSdkAgent } from "agent-host/ai-sdk";
 *   const openai = createOpenAI({ apiKey: process.env.OPENAI_API_KEY });
 *   export const target = aiSdkAgent({ model: openai("gpt-5-mini"), system: "Answer briefly." });
 */
export const target = echoAgent();
