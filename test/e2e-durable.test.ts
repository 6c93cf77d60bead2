// A second user journey, end to end: a project with a chat channel, MCP and the PostgreSQL store, made and
// installed by the CLI, talked to with the MCP SDK's client — and its conversation survives a restart.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { requireService } from "agent-host/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "./_scratch.ts";
import { runIn, startProject, userEnv } from "./_user-shell.ts";

const ADMIN_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const database = `agent_host_e2e_${randomBytes(4).toString("hex")}`;
const databaseUrl = Object.assign(new URL(ADMIN_URL), { pathname: `/${database}` }).toString();
const available = await requireService("PostgreSQL", async () => admin((client) => client.query("SELECT 1")));
const parent = await mkdtemp(join(tmpdir(), "agent-host-e2e-durable-"));
const dir = join(parent, "durable-agent");
const env = userEnv(dirname(process.execPath), { CI: "true" });

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** `npm start` in the project, on the test's database, with Telegram configured but unreachable. */
async function start() {
  return startProject(dir, { ...env, DATABASE_URL: databaseUrl, TELEGRAM_BOT_TOKEN: "123456:e2e", TELEGRAM_WEBHOOK_SECRET: "e2e-secret", TELEGRAM_API_ROOT: "http://127.0.0.1:9" });
}

async function ask(url: string, args: { prompt: string; sessionId?: string }) {
  const client = new Client({ name: "e2e", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`)));
  try {
    const result = await client.callTool({ name: "ask", arguments: args });
    const content = result.content as Array<{ type: string; text?: string }>;
    return { text: content.map((part) => part.text ?? "").join(""), sessionId: (result._meta as Record<string, string>)["agent-host/sessionId"] };
  } finally {
    await client.close();
  }
}

describe.skipIf(!available)("a generated project on PostgreSQL, as a user gets it", () => {
  beforeAll(() => admin((client) => client.query(`CREATE DATABASE ${database}`)));
  afterAll(async () => {
    await rm(parent, { recursive: true, force: true });
    await admin((client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  });

  it("is created and installed by the CLI, and passes its own tests", async () => {
    const cli = join(REPO_ROOT, "cli", "bin", "create-agent-host.js");
    const flags = ["--yes", "--channels", "telegram,mcp", "--storage", "postgres", "--pm", "npm", "--install", "--no-git"];
    await runIn(parent, env, "node", [cli, dir, ...flags]);
    const tests = await runIn(dir, env, "npm", ["test"]);
    expect(tests.stdout).toMatch(/Tests\s+.*\d+ passed/);
  }, 300_000);

  it("keeps a conversation in PostgreSQL across a restart, and checks Telegram's secret on the live server", async () => {
    const first = await start();
    let sessionId: string;
    try {
      const unsigned = await fetch(`${first.url}/telegram/webhook`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"update_id":1}' });
      expect(unsigned.status).toBe(401);
      const answer = await ask(first.url, { prompt: "remember this" });
      expect(answer.text).toBe("You said: remember this");
      sessionId = answer.sessionId as string;
      expect(sessionId).toBeTruthy();
    } finally {
      await first.server.stop();
    }
    const second = await start();
    try {
      const answer = await ask(second.url, { prompt: "and this", sessionId });
      expect(answer.text).toBe("You said: and this (message 2 in this conversation)");
    } finally {
      await second.server.stop();
    }
    // The state is where the README says: the store's table in the project's database.
    const state = new pg.Client({ connectionString: databaseUrl });
    await state.connect();
    try {
      const { rows } = await state.query<{ n: number }>("SELECT count(*)::int AS n FROM agent_host.host_state");
      expect(rows[0]?.n).toBeGreaterThan(0);
    } finally {
      await state.end();
    }
  }, 120_000);
});
