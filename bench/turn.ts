// The in-process CPU cost of one turn, without HTTP: the host's ctx.run (session, lock, history, echo
// agent) and the responses channel's create path (validation, mapping, run, saved response), with the
// memory store and with a store that keeps nothing. Complements `npm run bench`, which adds sockets,
// HTTP parsing and Hono. Run: node --conditions=agent-host-source bench/turn.ts
import { createAgentHost, createChannelRequest, echoAgent, memoryStore, silentLogger, type ChannelContext } from "agent-host";
import { prepareTurn, runTurn } from "../templates/channels/responses/src/channels/responses-turn.ts";
import { noStore } from "./_no-store.ts";

const WARMUP = 20_000;
const TURNS = Number(process.env.BENCH_TURNS ?? 30_000);

console.log("| store | path | CPU µs/turn |\n|---|---|---|");
for (const [storeName, store] of [["memory", memoryStore()], ["none", noStore()]] as const) {
  let ctx!: ChannelContext;
  const probe = { name: "probe", path: "/probe", contribute: (context: ChannelContext) => ((ctx = context), {}) };
  const host = createAgentHost({ target: echoAgent(), channels: [probe], store, logger: silentLogger });
  const signal = new AbortController().signal;
  const paths: Record<string, () => Promise<unknown>> = {
    "host ctx.run": () => ctx.run(createChannelRequest({ channel: "probe", input: "hello bench" }), { signal }),
    "responses create (prepareTurn + runTurn)": async () =>
      runTurn(ctx, await prepareTurn(ctx, "responses", { model: "echo", input: "hello bench" }, () => undefined), signal),
  };
  for (const [name, turn] of Object.entries(paths)) {
    for (let i = 0; i < WARMUP; i++) await turn();
    const before = process.cpuUsage();
    for (let i = 0; i < TURNS; i++) await turn();
    const used = process.cpuUsage(before);
    console.log(`| ${storeName} | ${name} | ${((used.user + used.system) / TURNS).toFixed(1)} |`);
  }
  await host.close();
}
