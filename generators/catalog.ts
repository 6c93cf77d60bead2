// The catalog: the single list of targets, models, channels, auth profiles and storages, each with
// its template files, dependencies, env vars and docs. Prompts, flags, generators and tests all read it.
import type { PackageName } from "./versions.ts";

export const TARGET_IDS = ["agent", "workflow"] as const;
export const MODEL_IDS = ["none", "openai", "azure", "anthropic"] as const;
export const CHANNEL_IDS = ["responses", "invocations", "telegram", "discord", "whatsapp", "activity", "teams", "a2a", "mcp"] as const;
export const AUTH_IDS = ["open", "forced-link", "allowlist"] as const;
export const STORAGE_IDS = ["file", "memory", "sqlite", "postgres", "redis"] as const;

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
  /** What the generated smoke test sends to a fresh host to prove the wiring offline. */
  probe: ChannelProbe;
  /** npm scripts the channel adds to package.json (e.g. registering Discord's slash commands). */
  scripts?: Record<string, string>;
  /** A stricter `engines.node` than the default, e.g. for what its tests need. */
  nodeEngine?: string;
  /** A JSON POST that answers 200 on a fresh host: the README's curl example (HTTP agent protocols). */
  example?: { path: string; body: Record<string, unknown>; headers?: Record<string, string> };
}

/** One request to a fresh host (memory store, echo agent, no platform reachable) and the status it must get. */
export interface ChannelProbe {
  /** The smoke test's name, e.g. "POST /telegram/webhook without the secret answers 401". */
  title: string;
  method: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  body?: Record<string, unknown>;
  /** Placeholder settings the smoke test sets before it builds the host (never real credentials). */
  env?: Record<string, string>;
  status: number;
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
  /** The runtime export it needs, and the module it comes from ("agent-host" or a subpath). */
  storeImport: string;
  storeModule: string;
  /** A background-run runner other than the in-process default: its export, module and `runner` expression. */
  runner?: { import: string; module: string; expression: string };
  /** README fragment (relative to the repository root). */
  readme?: string;
  /** A docker compose file copied to the project root as `compose.yaml`. */
  compose?: string;
  /** A stricter `engines.node` than the default (node:sqlite is unflagged from 22.13). */
  nodeEngine?: string;
}

const API_KEY: EnvVar = {
  name: "AGENT_HOST_API_KEY",
  required: false,
  secret: true,
  help: "When set, HTTP agent protocols require `Authorization: Bearer <key>`.",
};

const PUBLIC_URL: EnvVar = {
  name: "AGENT_HOST_PUBLIC_URL",
  required: false,
  secret: false,
  help: "The host's public base URL (e.g. https://agent.example.com): written into the A2A agent card and used for webhook registration; default: the origin each request came to.",
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
    probe: { title: "POST /responses/v1/responses answers 200", method: "POST", path: "/responses/v1/responses", body: { model: "agent", input: "Hello!" }, status: 200 },
    // ws: agent-host serves WebSocket routes with it (an optional peer of the runtime).
    dependencies: ["hono", "ws", "zod"],
    devDependencies: ["openai", "@types/ws"],
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
    probe: { title: "POST /invocations answers 200", method: "POST", path: "/invocations", body: { message: "Hello!" }, status: 200 },
    dependencies: ["hono", "ws", "zod"],
    devDependencies: ["eventsource-parser", "@types/ws"],
    env: [API_KEY],
  },
  telegram: {
    title: "Telegram",
    hint: "Telegram bot (grammY): webhook or long polling, answers streamed by edits",
    templateDir: "templates/channels/telegram",
    factory: "telegramChannel",
    module: "telegram.ts",
    readme: "templates/channels/telegram/README.md",
    test: "test/telegram.test.ts",
    url: { path: "/telegram/webhook", label: "Telegram webhook (registered on startup when AGENT_HOST_PUBLIC_URL is set)" },
    probe: {
      title: "POST /telegram/webhook without the secret answers 401",
      method: "POST",
      path: "/telegram/webhook",
      body: { update_id: 1 },
      env: { TELEGRAM_BOT_TOKEN: "123456789:TEST-token", TELEGRAM_WEBHOOK_SECRET: "smoke-test-secret" },
      status: 401,
    },
    dependencies: ["grammy", "hono"],
    devDependencies: ["fast-check"],
    env: [
      { name: "TELEGRAM_BOT_TOKEN", required: true, secret: true, help: "The bot token @BotFather gives you (/newbot)." },
      { name: "TELEGRAM_WEBHOOK_SECRET", required: true, secret: true, help: "Any 1-256 characters of A-Z a-z 0-9 _ -; Telegram sends it with every update (not needed in polling mode)." },
      { name: "TELEGRAM_MODE", required: false, secret: false, help: "`webhook` (default) or `polling` for local development without a public URL.", example: "webhook" },
      { name: "TELEGRAM_API_ROOT", required: false, secret: false, help: "Bot API root for a local Bot API server; default https://api.telegram.org." },
      PUBLIC_URL,
    ],
  },
  discord: {
    title: "Discord",
    hint: "Discord app with slash commands over HTTP interactions (/ask, /new, /link); answers by deferred response + edits",
    templateDir: "templates/channels/discord",
    factory: "discordChannel",
    module: "discord.ts",
    readme: "templates/channels/discord/README.md",
    test: "test/discord.test.ts",
    url: { path: "/discord/interactions", label: "Interactions Endpoint URL for your Discord application (General Information)" },
    probe: {
      title: "POST /discord/interactions without a signature answers 401",
      method: "POST",
      path: "/discord/interactions",
      body: { type: 1 },
      env: { DISCORD_PUBLIC_KEY: "0".repeat(64), DISCORD_APPLICATION_ID: "123456789012345678", DISCORD_BOT_TOKEN: "probe-bot-token" },
      status: 401,
    },
    scripts: { "discord:register": "node --import ./scripts/check-node.js --disable-warning=ExperimentalWarning src/channels/discord-register.ts" },
    dependencies: ["discord-interactions", "hono"],
    devDependencies: ["fast-check"],
    env: [
      { name: "DISCORD_PUBLIC_KEY", required: true, secret: false, help: "Developer Portal → your app → General Information → Public Key (64 hex characters); verifies every request." },
      { name: "DISCORD_APPLICATION_ID", required: true, secret: false, help: "General Information → Application ID." },
      { name: "DISCORD_BOT_TOKEN", required: true, secret: true, help: "Bot → Reset Token; registers the slash commands and sends pushes." },
      { name: "DISCORD_GUILD_ID", required: false, secret: false, help: "Optional: discord-register.ts registers the commands in this server only (instant; for development)." },
      { name: "DISCORD_API_BASE", required: false, secret: false, help: "Discord API address; default https://discord.com/api/v10 (tests point it at a fake)." },
    ],
  },
  whatsapp: {
    title: "WhatsApp",
    hint: "WhatsApp Cloud API webhook (Meta app); text messages, 24-hour push window",
    templateDir: "templates/channels/whatsapp",
    factory: "whatsappChannel",
    module: "whatsapp.ts",
    readme: "templates/channels/whatsapp/README.md",
    test: "test/whatsapp.test.ts",
    url: { path: "/whatsapp/webhook", label: "webhook callback URL for your Meta app (WhatsApp → Configuration)" },
    probe: {
      title: "GET /whatsapp/webhook completes the verification handshake (200)",
      method: "GET",
      path: "/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=probe-verify-token&hub.challenge=1158201444",
      env: { WHATSAPP_ACCESS_TOKEN: "probe-token", WHATSAPP_APP_SECRET: "probe-secret", WHATSAPP_VERIFY_TOKEN: "probe-verify-token" },
      status: 200,
    },
    dependencies: ["hono"],
    devDependencies: ["fast-check"],
    env: [
      { name: "WHATSAPP_ACCESS_TOKEN", required: true, secret: true, help: "Graph API token that sends the answers: a permanent system-user token with whatsapp_business_messaging (README: Connect a WhatsApp number, step 4)." },
      { name: "WHATSAPP_APP_SECRET", required: true, secret: true, help: "Meta app → App settings → Basic → App secret; verifies X-Hub-Signature-256 on every webhook." },
      { name: "WHATSAPP_VERIFY_TOKEN", required: true, secret: true, help: "A random string you choose and also type into the app's webhook settings (verification handshake)." },
      { name: "WHATSAPP_PHONE_NUMBER_ID", required: false, secret: false, help: "WhatsApp → API Setup → Phone number ID: sends pushes; when set, messages to other numbers of the account are ignored." },
      { name: "WHATSAPP_API_VERSION", required: false, secret: false, help: "Graph API version.", example: "v25.0" },
    ],
  },
  activity: {
    title: "Azure Bot Service",
    hint: "Web Chat, Direct Line, Teams, Slack… through an Azure Bot (Microsoft 365 Agents SDK)",
    templateDir: "templates/channels/activity",
    factory: "activityChannel",
    module: "activity.ts",
    readme: "templates/channels/activity/README.md",
    test: "test/activity.test.ts",
    url: { path: "/api/messages", label: "messaging endpoint for your Azure Bot" },
    probe: {
      title: "POST /api/messages without a Bot Service token answers 401",
      method: "POST",
      path: "/api/messages",
      body: { type: "message", text: "hi" },
      env: { MICROSOFT_APP_ID: "00000000-0000-0000-0000-000000000001", MICROSOFT_APP_PASSWORD: "placeholder", MICROSOFT_APP_TENANT_ID: "00000000-0000-0000-0000-000000000002" },
      status: 401,
    },
    // The fake Bot Service in agent-host/testing trusts its certificate with tls.setDefaultCACertificates (22.19).
    nodeEngine: ">=22.19",
    dependencies: ["hono", "@microsoft/agents-hosting", "@microsoft/agents-activity"],
    devDependencies: ["fast-check", "selfsigned"],
    env: [
      { name: "MICROSOFT_APP_ID", required: true, secret: false, help: "Application (client) ID of the bot's single-tenant Entra app registration." },
      { name: "MICROSOFT_APP_PASSWORD", required: true, secret: true, help: "A client secret's Value from that registration (Certificates & secrets)." },
      { name: "MICROSOFT_APP_TENANT_ID", required: true, secret: false, help: "Directory (tenant) ID the app is registered in." },
    ],
  },
  teams: {
    title: "Microsoft Teams",
    hint: "Teams SDK: streaming in 1:1 chats, Adaptive Cards, proactive messages",
    templateDir: "templates/channels/teams",
    factory: "teamsChannel",
    module: "teams.ts",
    readme: "templates/channels/teams/README.md",
    test: "test/teams.test.ts",
    url: { path: "/teams/api/messages", label: "messaging endpoint for your Azure Bot (Teams channel)" },
    probe: {
      title: "POST /teams/api/messages without a token answers 401",
      method: "POST",
      path: "/teams/api/messages",
      body: { type: "message", text: "hi" },
      env: { CLIENT_ID: "00000000-0000-0000-0000-000000000001", CLIENT_SECRET: "placeholder", TENANT_ID: "00000000-0000-0000-0000-000000000002" },
      status: 401,
    },
    nodeEngine: ">=22.19",
    dependencies: ["hono", "@microsoft/teams.apps", "@microsoft/teams.api", "@microsoft/teams.cards"],
    devDependencies: ["fast-check", "selfsigned"],
    env: [
      { name: "CLIENT_ID", required: true, secret: false, help: "Application (client) ID of the bot's single-tenant Entra app registration." },
      { name: "CLIENT_SECRET", required: true, secret: true, help: "A client secret's Value from that registration." },
      { name: "TENANT_ID", required: true, secret: false, help: "Directory (tenant) ID the app is registered in." },
    ],
  },
  a2a: {
    title: "A2A (Agent2Agent)",
    hint: "agent card + JSON-RPC v1.0 (v0.3 too), SSE, tasks, push notifications; A2A clients discover it from the host URL",
    templateDir: "templates/channels/a2a",
    factory: "a2aChannel",
    module: "a2a.ts",
    readme: "templates/channels/a2a/README.md",
    test: "test/a2a.test.ts",
    url: { path: "/.well-known/agent-card.json", label: "agent card (A2A clients connect with the host's base URL)" },
    example: {
      path: "/a2a",
      headers: { "A2A-Version": "1.0" },
      body: { jsonrpc: "2.0", id: 1, method: "SendMessage", params: { message: { messageId: "m1", role: "ROLE_USER", parts: [{ text: "Hello!" }] } } },
    },
    probe: {
      title: "POST /a2a SendMessage (A2A-Version 1.0) answers 200",
      method: "POST",
      path: "/a2a",
      headers: { "A2A-Version": "1.0" },
      body: { jsonrpc: "2.0", id: 1, method: "SendMessage", params: { message: { messageId: "m1", role: "ROLE_USER", parts: [{ text: "Hello!" }] } } },
      status: 200,
    },
    dependencies: ["hono", "@a2a-js/sdk"],
    devDependencies: ["@hono/node-server"],
    env: [
      API_KEY,
      PUBLIC_URL,
      {
        name: "A2A_PUSH_ALLOW_HOSTS",
        required: false,
        secret: false,
        help: "Comma-separated host names, IPs or CIDRs that A2A push-notification URLs may use although they are private or loopback (e.g. 127.0.0.1 for local development); by default only public addresses are allowed.",
      },
    ],
  },
  mcp: {
    title: "MCP",
    hint: "the agent as an MCP tool `ask` over Streamable HTTP (Claude Desktop, VS Code, MCP Inspector)",
    templateDir: "templates/channels/mcp",
    factory: "mcpChannel",
    module: "mcp.ts",
    readme: "templates/channels/mcp/README.md",
    test: "test/mcp.test.ts",
    url: { path: "/mcp", label: "MCP endpoint (Streamable HTTP) for MCP clients" },
    example: {
      path: "/mcp",
      headers: { accept: "application/json, text/event-stream" },
      body: { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "ask", arguments: { prompt: "Hello!" } } },
    },
    probe: {
      title: "POST /mcp calls the ask tool (200)",
      method: "POST",
      path: "/mcp",
      headers: { accept: "application/json, text/event-stream" },
      body: { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "ask", arguments: { prompt: "Hello!" } } },
      status: 200,
    },
    dependencies: ["hono", "zod", "@modelcontextprotocol/server"],
    devDependencies: ["@modelcontextprotocol/client"],
    env: [
      API_KEY,
      {
        name: "MCP_ALLOWED_HOSTS",
        required: false,
        secret: false,
        help: "Hostnames MCP clients may reach the server by besides localhost (comma-separated; DNS-rebinding protection). `*` turns the check off.",
      },
    ],
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
    storeModule: "agent-host",
    storeExpression: 'fileStore({ dir: env.AGENT_HOST_STATE_DIR || ".agent-host" })',
    dependencies: [],
    devDependencies: [],
    env: [{ name: "AGENT_HOST_STATE_DIR", required: false, secret: false, help: "Where the file store keeps host state.", example: ".agent-host" }],
  },
  memory: {
    title: "Memory",
    hint: "in-process only, lost on restart (tests, demos)",
    storeImport: "memoryStore",
    storeModule: "agent-host",
    storeExpression: "memoryStore()",
    dependencies: [],
    devDependencies: [],
    env: [],
  },
  sqlite: {
    title: "SQLite",
    hint: "one SQLite file under .agent-host/ (node:sqlite, Node 22.13+); several processes on one machine",
    storeImport: "sqliteStore",
    storeModule: "agent-host/sqlite",
    nodeEngine: ">=22.13",
    storeExpression: 'sqliteStore({ path: `${env.AGENT_HOST_STATE_DIR || ".agent-host"}/state.db` })',
    readme: "templates/storage/sqlite/README.md",
    dependencies: [],
    devDependencies: [],
    env: [{ name: "AGENT_HOST_STATE_DIR", required: false, secret: false, help: "Directory of the SQLite file state.db.", example: ".agent-host" }],
  },
  postgres: {
    title: "PostgreSQL",
    hint: "one PostgreSQL table shared by every host replica; BullMQ runs background work when REDIS_URL is set",
    storeImport: "postgresStore",
    storeModule: "agent-host/postgres",
    storeExpression: "postgresStore({ connectionString: env.DATABASE_URL })",
    runner: { import: "bullmqRunner", module: "agent-host/bullmq", expression: "(env.REDIS_URL ? bullmqRunner({ connection: env.REDIS_URL }) : undefined)" },
    readme: "templates/storage/postgres/README.md",
    compose: "templates/storage/postgres/compose.yaml",
    dependencies: ["pg", "bullmq", "ioredis"],
    devDependencies: ["@types/pg"],
    env: [
      { name: "DATABASE_URL", required: true, secret: true, help: "PostgreSQL for the host state, e.g. postgres://agent:agent@127.0.0.1:5432/agent (`docker compose up -d postgres`)." },
      { name: "REDIS_URL", required: false, secret: true, help: "Redis for the BullMQ runner, so any replica runs background work, e.g. redis://127.0.0.1:6379 (`docker compose --profile bullmq up -d`). Unset: runs stay in the process that queued them." },
    ],
  },
  redis: {
    title: "Redis",
    hint: "Redis shared by every host replica (native expiry); background runs on BullMQ",
    storeImport: "redisStore",
    storeModule: "agent-host/redis",
    storeExpression: "redisStore({ url: env.REDIS_URL })",
    runner: { import: "bullmqRunner", module: "agent-host/bullmq", expression: 'bullmqRunner({ connection: env.REDIS_URL || "redis://127.0.0.1:6379" })' },
    readme: "templates/storage/redis/README.md",
    compose: "templates/storage/redis/compose.yaml",
    dependencies: ["ioredis", "bullmq"],
    devDependencies: [],
    env: [{ name: "REDIS_URL", required: true, secret: true, help: "Redis for the host state and the BullMQ runner, e.g. redis://127.0.0.1:6379 (`docker compose up -d redis`)." }],
  },
} as const satisfies Record<StorageId, StorageSpec>;

export const catalog = { targets, models, channels, authProfiles, storages } as const;
