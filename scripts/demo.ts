// `npm run demo`: the offline echo agent on the Responses and Invocations channels, one port,
// state in the file store under AGENT_HOST_STATE_DIR (default .agent-host). Ctrl-C stops it cleanly.
import { createAgentHost, echoAgent, fileStore } from "agent-host";
import { invocationsChannel } from "../templates/channels/invocations/src/channels/invocations.ts";
import { responsesChannel } from "../templates/channels/responses/src/channels/responses.ts";

const host = createAgentHost({
  target: echoAgent(),
  channels: [responsesChannel(), invocationsChannel()],
  store: fileStore({ dir: process.env.AGENT_HOST_STATE_DIR ?? ".agent-host" }),
});

const served = await host.serve({ port: Number(process.env.PORT ?? 8787), hostname: process.env.HOST ?? "127.0.0.1" });
console.log(`agent-host demo listening on ${served.url}
  Responses:   ${served.url}/responses/v1   (OpenAI client baseURL)
  Invocations: POST ${served.url}/invocations/invoke  {"message": "hi"}
  Health:      ${served.url}/healthz
Try: curl -s ${served.url}/invocations/invoke -H 'content-type: application/json' -d '{"message":"hello"}'`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.log(`\n${signal}: draining in-flight runs…`);
    void host.close().then(() => process.exit(0));
  });
}
