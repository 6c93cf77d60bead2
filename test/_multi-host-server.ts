// One host process of the multi-host test (argv: JSON settings): PostgreSQL store, BullMQ runner,
// the Responses channel and two chat channels, plus admin routes for links, last-seen and runs.
import { codeLinker, createAgentHost, echoAgent, type AgentTarget } from "agent-host";
import { bullmqRunner } from "agent-host/bullmq";
import { postgresStore } from "agent-host/postgres";
import { Hono } from "hono";
import { responsesChannel } from "../templates/channels/responses/src/channels/responses.ts";
import { activeChannel } from "../runtime/src/delivery/last-seen.ts";
import { getIdentityRecord } from "../runtime/src/identity/registry.ts";
import { chatChannel } from "./_multi-host-channel.ts";

export interface MultiHostSettings {
  name: string;
  databaseUrl: string;
  schema: string;
  redisUrl: string;
  queueName: string;
  sinkUrl: string;
}

const settings = JSON.parse(process.argv[2] ?? "null") as MultiHostSettings | null;
if (!settings) throw new Error("Usage: _multi-host-server.ts <JSON settings>: pass the host's settings.");

/** The echo agent, except that "/slow" first prints "running" on stdout and takes 1.5 s (abortable). */
function slowEcho(): AgentTarget {
  const echo = echoAgent();
  return {
    ...echo,
    async *run(input, context) {
      const last = input.messages.filter((message) => message.role === "user").at(-1);
      if (last?.content.some((part) => part.type === "text" && part.text.startsWith("/slow"))) {
        process.stdout.write("running\n");
        await new Promise((resolve) => setTimeout(resolve, 1500));
      }
      yield* echo.run(input, context);
    },
  };
}

const host = createAgentHost({
  target: slowEcho(),
  channels: [
    responsesChannel({ apiKey: "" }),
    chatChannel("web", { host: settings.name }),
    chatChannel("pager", { host: settings.name, sinkUrl: settings.sinkUrl }),
  ],
  store: postgresStore({ connectionString: settings.databaseUrl, schema: settings.schema }),
  runner: bullmqRunner({ connection: settings.redisUrl, queueName: settings.queueName, lockDurationMs: 1000, stalledIntervalMs: 250, backoff: 50, closeTimeoutMs: 1000 }),
  identityLinker: ({ store, resolver }) => codeLinker({ store, resolver }),
});

const admin = new Hono();
admin.post("/link/begin", async (c) => c.json(await host.identityLinker!.begin(await c.req.json())));
admin.post("/link/complete", async (c) => {
  const { identity, code } = await c.req.json();
  return c.json({ isolationKey: await host.identityLinker!.complete(identity, code) });
});
admin.get("/identity/:channel/:nativeId", async (c) =>
  c.json((await getIdentityRecord(host.store, { channel: c.req.param("channel"), nativeId: c.req.param("nativeId") })) ?? null),
);
admin.get("/active/:isolationKey", async (c) => c.json((await activeChannel(host.store, c.req.param("isolationKey"))) ?? null));
admin.get("/runs/:token", async (c) => c.json((await host.getContinuation(c.req.param("token"))) ?? null));
host.app.route("/admin", admin);

const served = await host.serve({ hostname: "127.0.0.1", port: 0 });
process.stdout.write(`listening ${served.url}\n`);
process.on("SIGTERM", () => {
  void host.close({ timeoutMs: 1000 }).finally(() => process.exit(0));
});
