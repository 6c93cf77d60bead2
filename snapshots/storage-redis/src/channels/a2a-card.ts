// The agent card (A2A v1.0): who the agent is, where its JSON-RPC endpoint lives (v1.0 and v0.3 over the
// same URL), what it can do, and the bearer scheme when an API key guards it. Built from the host's target.
import type { AgentCard } from "@a2a-js/sdk";
import { duplicateInterfacesForLegacy } from "@a2a-js/sdk/compat/v0_3";
import type { ChannelContext } from "agent-host";

export interface CardInput {
  target: ChannelContext["target"];
  /** The JSON-RPC endpoint, e.g. `https://agent.example.com/a2a`. */
  url: string;
  /** Set → the card asks for `Authorization: Bearer <key>`. */
  apiKey?: string;
  /** Fields that replace the generated ones. */
  overrides?: Partial<AgentCard>;
}

export function agentCard({ target, url, apiKey, overrides }: CardInput): AgentCard {
  const description = target.description ?? `The ${target.name} ${target.kind}.`;
  const current = [{ url, protocolBinding: "JSONRPC", protocolVersion: "1.0", tenant: "" }];
  return {
    name: target.name,
    description,
    version: "1.0.0",
    provider: undefined,
    // The SDK accepts a version only if an interface declares it: 1.0, plus 0.3 for older clients.
    supportedInterfaces: duplicateInterfacesForLegacy(current, ["JSONRPC"]),
    capabilities: { streaming: true, pushNotifications: true, extensions: [], extendedAgentCard: false },
    securitySchemes: apiKey
      ? { bearer: { scheme: { $case: "httpAuthSecurityScheme", value: { scheme: "Bearer", bearerFormat: "", description: "The host's API key (AGENT_HOST_API_KEY)." } } } }
      : {},
    securityRequirements: apiKey ? [{ schemes: { bearer: { list: [] } } }] : [],
    defaultInputModes: ["text/plain", "application/json"],
    defaultOutputModes: ["text/plain"],
    // One skill: the whole target. List finer skills through `card: { skills: [...] }`.
    skills: [{ id: target.name, name: target.name, description, tags: [target.kind], examples: [], inputModes: [], outputModes: [], securityRequirements: [] }],
    signatures: [],
    ...overrides,
  };
}
