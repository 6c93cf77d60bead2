// The catalog: the single list of targets, models, channels, auth profiles and storages, each with
// its template files, dependencies, env vars and docs. Prompts, flags, generators and tests all read it.
import type { PackageName } from "./versions.ts";

export const TARGET_IDS = ["agent", "workflow"] as const;
export const MODEL_IDS = ["none", "openai", "azure", "anthropic"] as const;
export const CHANNEL_IDS = ["responses", "invocations"] as const;
export const AUTH_IDS = ["open", "forced-link", "allowlist"] as const;
export const STORAGE_IDS = ["file", "memory"] as const;

export type TargetId = (typeof TARGET_IDS)[number];
export type ModelId = (typeof MODEL_IDS)[number];
export type ChannelId = (typeof CHANNEL_IDS)[number];
export type AuthId = (typeof AUTH_IDS)[number];
export type StorageId = (typeof STORAGE_IDS)[number];

export interface EnvVar {
  name: string;
  required: boolean;
  secret: boolean;
  help: string;
  /** Value written to `.env.example` (secrets stay empty). */
  example?: string;
}

/** What every entry has: a name for prompts, a one-line hint, and what it adds to a project. */
interface EntrySpec {
  title: string;
  hint: string;
  dependencies: PackageName[];
  devDependencies: PackageName[];
  env: EnvVar[];
}

export interface TargetSpec extends EntrySpec {
  /** Files copied verbatim into the project (relative to the repository root). */
  templateDir: string;
  /** Whether the model prompt applies. */
  usesModel: boolean;
}

export interface ModelSpec extends EntrySpec {
  /** The `src/agent.ts` this model gets (relative to the repository root). */
  agentFile: string;
}

export interface ChannelSpec extends EntrySpec {
  /** `src/` and `test/` under it are copied verbatim into the project. */
  templateDir: string;
  /** How `src/host.ts` wires it: `import { <factory> } from "./channels/<module>"`, then `<factory>()`. */
  factory: string;
  module: string;
  /** README fragment with set-up steps (relative to the repository root). */
  readme: string;
  /** The generated test that proves the channel works. */
  test: string;
  /** What `src/main.ts` prints after start: the URL path to point a client at, and what it is. */
  url: { path: string; label: string };
  /** A JSON POST that answers 200 on a fresh host: the README's curl example and the generated smoke test's probe. */
  example: { path: string; body: Record<string, unknown> };
}

export interface AuthSpec extends EntrySpec {
  readme: string;
  /** Runtime exports the wiring needs. */
  runtimeImports: string[];
  /** Properties `src/host.ts` adds to the createAgentHost options (may use `env`). */
  hostOptions: string[];
}

export interface StorageSpec extends EntrySpec {
  /** The expression `src/host.ts` passes as `store`; may use `env`. */
  storeExpression: string;
  /** The runtime export it needs. */
  storeImport: string;
}

const API_KEY: EnvVar = {
  name: "AGENT_HOST_API_KEY",
  required: false,
  secret: true,
  help: "When set, HTTP agent protocols require `Authorization: Bearer <key>`.",
};

const MODEL_ENV = (name: string, help: string): EnvVar => ({ name, required: false, secret: true, help });

export const targets = {
  agent: {
    title: "Agent",
    hint: "a chat agent: messages in, streamed answers out (AI SDK model or the offline echo agent)",
    templateDir: "templates/targets/agent",
    usesModel: true,
    dependencies: [],
    devDependencies: [],
    env: [],
  },
  workflow: {
    title: "Workflow",
    hint: "typed input through ordered steps (a two-step example to edit)",
    templateDir: "templates/targets/workflow",
    usesModel: false,
    dependencies: ["zod"],
    devDependencies: [],
    env: [],
  },
} as const satisfies Record<TargetId, TargetSpec>;

export const models = {
  none: { title: "None (offline echo agent)", hint: "no key needed; swap in a model later", agentFile: "templates/targets/agent/models/none.ts", dependencies: [], devDependencies: [], env: [] },
  openai: {
    title: "OpenAI",
    hint: "@ai-sdk/openai, key from OPENAI_API_KEY",
    agentFile: "templates/targets/agent/models/openai.ts",
    dependencies: ["ai", "@ai-sdk/openai"],
    devDependencies: [],
    env: [MODEL_ENV("OPENAI_API_KEY", "OpenAI API key (platform.openai.com → API keys). Without it the echo agent answers."), { name: "OPENAI_MODEL", required: false, secret: false, help: "Model id.", example: "gpt-5-mini" }],
  },
  azure: {
    title: "Azure OpenAI",
    hint: "@ai-sdk/azure, key from AZURE_API_KEY",
    agentFile: "templates/targets/agent/models/azure.ts",
    dependencies: ["ai", "@ai-sdk/azure"],
    devDependencies: [],
    env: [
      MODEL_ENV("AZURE_API_KEY", "Azure OpenAI key (Azure portal → your resource → Keys and Endpoint). Without it the echo agent answers."),
      { name: "AZURE_RESOURCE_NAME", required: false, secret: false, help: "The resource name in https://<name>.openai.azure.com." },
      { name: "AZURE_DEPLOYMENT", required: false, secret: false, help: "The model deployment name.", example: "gpt-5-mini" },
    ],
  },
  anthropic: {
    title: "Anthropic",
    hint: "@ai-sdk/anthropic, key from ANTHROPIC_API_KEY",
    agentFile: "templates/targets/agent/models/anthropic.ts",
    dependencies: ["ai", "@ai-sdk/anthropic"],
    devDependencies: [],
    env: [MODEL_ENV("ANTHROPIC_API_KEY", "Anthropic API key (console.anthropic.com). Without it the echo agent answers."), { name: "ANTHROPIC_MODEL", required: false, secret: false, help: "Model id.", example: "claude-sonnet-4-5" }],
  },
} as const satisfies Record<ModelId, ModelSpec>;

export const channels = {
  responses: {
    title: "OpenAI Responses",
    hint: "HTTP + SSE + WebSocket; any OpenAI client with baseURL …/responses/v1",
    templateDir: "templates/channels/responses",
    factory: "responsesChannel",
    module: "responses.ts",
    readme: "templates/channels/responses/README.md",
    test: "test/responses.test.ts",
    url: { path: "/responses/v1", label: "baseURL for OpenAI clients" },
    example: { path: "/responses/v1/responses", body: { model: "agent", input: "Hello!" } },
    dependencies: ["hono"],
    devDependencies: ["openai", "ws", "@types/ws"],
    env: [API_KEY],
  },
  invocations: {
    title: "Invocations",
    hint: "Azure AI Foundry hosted-agent protocol (JSON, SSE, long-running)",
    templateDir: "templates/channels/invocations",
    factory: "invocationsChannel",
    module: "invocations.ts",
    readme: "templates/channels/invocations/README.md",
    test: "test/invocations.test.ts",
    url: { path: "/invocations", label: "POST { \"message\": \"…\" }" },
    example: { path: "/invocations", body: { message: "Hello!" } },
    dependencies: ["hono", "zod"],
    devDependencies: ["eventsource-parser", "ws", "@types/ws"],
    env: [API_KEY],
  },
} as const satisfies Record<ChannelId, ChannelSpec>;

export const authProfiles = {
  open: {
    title: "Open",
    hint: "anyone may talk to the agent; identities are issued automatically, linking optional",
    readme: "templates/auth/open/README.md",
    runtimeImports: [],
    hostOptions: [],
    dependencies: [],
    devDependencies: [],
    env: [],
  },
  "forced-link": {
    title: "Forced link",
    hint: "a channel user must link their account (one-time /link code) before the agent answers",
    readme: "templates/auth/forced-link/README.md",
    runtimeImports: ["codeLinker"],
    hostOptions: ["identityLinker: codeLinker", "requireLink: true"],
    dependencies: [],
    devDependencies: [],
    env: [],
  },
  allowlist: {
    title: "Allowlist",
    hint: "only the users listed in AGENT_HOST_ALLOWLIST reach the agent; others are refused politely",
    readme: "templates/auth/allowlist/README.md",
    runtimeImports: ["parseAllowlist"],
    hostOptions: ["allowlist: parseAllowlist(env.AGENT_HOST_ALLOWLIST)"],
    dependencies: [],
    devDependencies: [],
    env: [
      {
        name: "AGENT_HOST_ALLOWLIST",
        required: true,
        secret: false,
        help: "Who may talk to the agent: comma-separated `channel:userId` pairs (e.g. `responses:alice`), bare user ids, or `ik_…` isolation keys.",
        example: "responses:alice",
      },
    ],
  },
} as const satisfies Record<AuthId, AuthSpec>;

export const storages = {
  file: {
    title: "File",
    hint: "JSON files under .agent-host/, survives restarts (one host process)",
    storeImport: "fileStore",
    storeExpression: 'fileStore({ dir: env.AGENT_HOST_STATE_DIR || ".agent-host" })',
    dependencies: [],
    devDependencies: [],
    env: [{ name: "AGENT_HOST_STATE_DIR", required: false, secret: false, help: "Where the file store keeps host state.", example: ".agent-host" }],
  },
  memory: {
    title: "Memory",
    hint: "in-process only, lost on restart (tests, demos)",
    storeImport: "memoryStore",
    storeExpression: "memoryStore()",
    dependencies: [],
    devDependencies: [],
    env: [],
  },
} as const satisfies Record<StorageId, StorageSpec>;

export const catalog = { targets, models, channels, authProfiles, storages } as const;
