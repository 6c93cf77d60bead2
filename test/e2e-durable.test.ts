// A second user journey, end to end: a project with a chat channel, MCP and the PostgreSQL store, made and
// installed by the CLI, talked to with the MCP SDK's client — and its conversation survives a restart.
import { spawn, execFile, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { requireService } from "agent-host/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "./_scratch.ts";

const run = promisify(execFile);
const env = { ...process.env, npm_config_prefer_offline: "true", npm_config_audit: "false", npm_config_fund: "false", CI: "true" };
const ADMIN_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const database = `agent_host_e2e_${randomBytes(4).toString("hex")}`;
const databaseUrl = Object.assign(new URL(ADMIN_URL), { pathname: `/${database}` }).toString();
const available = await requireService("PostgreSQL", async () => admin((client) => client.query("SELECT 1")));
const parent = await mkdtemp(join(tmpdir(), "agent-host-e2e-durable-"));
const dir = join(parent, "durable-agent");

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** `npm start` in the project; resolves its URL once it prints it. */
async function start(): Promise<{ url: string; server: ChildProcess }> {
  const serverEnv = { ...env, PORT: "0", DATABASE_URL: databaseUrl, TELEGRAM_BOT_TOKEN: "123456:e2e", TELEGRAM_WEBHOOK_SECRET: "e2e-secret", TELEGRAM_API_ROOT: "http://127.0.0.1:9" };
  const server = spawn("npm", ["start"], { cwd: dir, env: serverEnv, detached: true });
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    server.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1] as string);
    });
    server.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    server.once("exit", (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
  return { url, server };
}

async function stop(server: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => server.once("exit", resolve));
  process.kill(-(server.pid as number), "SIGTERM");
  await exited;
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
    await run(process.execPath, [cli, dir, ...flags], { cwd: parent, env, maxBuffer: 16 * 1024 * 1024 });
    const tests = await run("npm", ["test"], { cwd: dir, env, maxBuffer: 16 * 1024 * 1024 });
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
      await stop(first.server);
    }
    const second = await start();
    try {
      const answer = await ask(second.url, { prompt: "and this", sessionId });
      expect(answer.text).toBe("You said: and this (message 2 in this conversation)");
    } finally {
      await stop(second.server);
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
