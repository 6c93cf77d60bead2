// PostgreSQL and Redis stores pointed at a partition (a local server that accepts and never answers) or
// a refused port: calls reject fast with StoreUnavailableError, the host answers 503 + Retry-After.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgentHost, echoAgent, silentLogger, StoreUnavailableError, type HostStateStore } from "../../src/index.ts";
import { postgresStore } from "../../src/stores/postgres.ts";
import { redisStore } from "../../src/stores/redis.ts";
import { requireService } from "../../src/testing/require-service.ts";
import { jsonChannel } from "../host/_json-channel.ts";
import { DATABASE_URL, dropSchema, probePostgres, probeRedis, REDIS_URL, runId } from "./_services.ts";

const post = (path: string, body: unknown) =>
  new Request(`http://host${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

let partition: net.Server;
const sockets = new Set<net.Socket>();
let silentPort = 0;
let refusedPort = 0;

beforeAll(async () => {
  partition = net.createServer((socket) => {
    sockets.add(socket); // accepted, never answered
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => partition.listen(0, "127.0.0.1", resolve));
  silentPort = (partition.address() as net.AddressInfo).port;
  const closed = net.createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  refusedPort = (closed.address() as net.AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => partition.close(resolve));
});

const schema = `agent_host_test_${runId()}`;
const fast = { connectTimeoutMs: 300, statementTimeoutMs: 300 };
const stores: Record<string, (port: number | undefined) => HostStateStore> = {
  postgres: (port) =>
    postgresStore({ connectionString: port ? `postgres://agent:s3cret-pw@127.0.0.1:${port}/test` : DATABASE_URL, schema, ...fast }),
  redis: (port) =>
    redisStore({ url: port ? `redis://:s3cret-pw@127.0.0.1:${port}/0` : REDIS_URL, prefix: `agent-host-test-${runId()}:`, connectTimeoutMs: 300, commandTimeoutMs: 300 }),
};
const available = { postgres: await requireService("PostgreSQL", probePostgres), redis: await requireService("Redis", probeRedis) };

afterAll(async () => {
  if (available.postgres) await dropSchema(schema);
});

describe.each(["postgres", "redis"] as const)("%s store unavailable", (kind) => {
  const cases = [["partition", () => silentPort], ["refused port", () => refusedPort]] as const;

  it.each(cases)("rejects within the timeout with StoreUnavailableError (%s)", async (_label, port) => {
    const store = stores[kind]!(port());
    const started = Date.now();
    const error = await store.get("docs", "k").catch((caught: unknown) => caught);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as StoreUnavailableError).status).toBe(503);
    expect(String(error)).not.toContain("s3cret-pw");
    expect((error as Error).message).not.toContain("127.0.0.1");
    await expect(store.ping!()).rejects.toBeInstanceOf(StoreUnavailableError);
    await store.close();
  });

  it.each(cases)("makes the host answer 503 + Retry-After, /readiness 503, /healthz 200 (%s)", async (_label, port) => {
    const host = createAgentHost({ target: echoAgent(), channels: [jsonChannel()], store: stores[kind]!(port()), logger: silentLogger, mode: "ephemeral" });
    const response = await host.app.request(post("/json/chat", { text: "hello" }));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(JSON.stringify(await response.json())).not.toContain("s3cret-pw");
    const readiness = await host.app.request("/readiness");
    expect(readiness.status).toBe(503);
    expect(readiness.headers.get("retry-after")).toBe("5");
    expect((await host.app.request("/healthz")).status).toBe(200);
    await host.close();
  });

  it.skipIf(!available[kind])("works against the real local server, /readiness 200", async () => {
    const store = stores[kind]!(undefined);
    await store.set("docs", "k", { ok: true });
    expect((await store.get("docs", "k"))?.value).toEqual({ ok: true });
    await store.ping!();
    const host = createAgentHost({ target: echoAgent(), channels: [jsonChannel()], store, logger: silentLogger, mode: "ephemeral" });
    expect((await host.app.request("/readiness")).status).toBe(200);
    expect((await host.app.request(post("/json/chat", { text: "hi" }))).status).toBe(200);
    await host.close();
  });
});
