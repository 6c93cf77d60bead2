// The one pinned version table: every dependency a generated project can get, at the exact version
// this repository's package-lock.json installs and CI tests (generators/test/versions-lock.test.ts).

export const versions = {
  // runtime and protocols
  hono: "4.13.19",
  "@hono/node-server": "2.1.9",
  zod: "4.6.7",
  ai: "7.0.173",
  "@azure/msal-node": "7.2.3",
  // channel SDKs
  grammy: "1.46.0",
  "discord-interactions": "4.4.0",
  "@microsoft/agents-hosting": "1.8.1",
  "@microsoft/agents-activity": "1.8.1",
  "@microsoft/teams.apps": "2.1.0",
  "@microsoft/teams.api": "2.1.0",
  "@microsoft/teams.cards": "2.1.0",
  "@modelcontextprotocol/server": "2.4.0",
  "@a2a-js/sdk": "1.3.0",
  // durable stores and the distributed runner
  pg: "8.23.1",
  "@types/pg": "8.23.1",
  ioredis: "6.0.0",
  bullmq: "6.7.0",
  // model providers for the agent target
  "@ai-sdk/openai": "4.0.118",
  "@ai-sdk/azure": "4.0.85",
  "@ai-sdk/anthropic": "4.0.105",
  // tooling of generated projects
  typescript: "7.0.2",
  vitest: "5.1.1",
  "@types/node": "22.20.5",
  openai: "7.57.0",
  ws: "8.23.0",
  "@types/ws": "8.18.2",
  "eventsource-parser": "4.1.3",
  "@modelcontextprotocol/client": "2.4.0",
  "fast-check": "4.10.2",
  selfsigned: "5.5.0",
} as const;

export type PackageName = keyof typeof versions;
