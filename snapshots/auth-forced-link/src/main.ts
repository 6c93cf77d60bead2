// Starts the server: reads PORT and HOST from the environment (or .env), serves every channel of
// src/host.ts on one port, and shuts down cleanly on Ctrl-C or SIGTERM.
import { enableCompileCache, flushCompileCache } from "node:module";
import "./env.ts";

// Node keeps the compiled code of each module (yours and your packages') in a cache folder, so starts
// after the first are quicker. It must be on before they load: hence import() instead of a static import.
enableCompileCache();
const { createHost } = await import("./host.ts");

const port = Number(process.env.PORT || 8787);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a whole number from 0 to 65535, but it is "${process.env.PORT}". Fix it in .env or the environment.`);
  process.exit(1);
}
// 127.0.0.1 keeps the server on this machine; set HOST=0.0.0.0 to accept other machines (containers).
const hostname = process.env.HOST || "127.0.0.1";

const host = createHost();
const { url } = await host.serve({ port, hostname });
flushCompileCache(); // everything has loaded: save the cache now, not only at a clean exit

console.log(`linked-agent is listening on ${url}`);
console.log(`  OpenAI Responses ${url}/responses/v1  (baseURL for OpenAI clients)`);
console.log(`  Invocations      ${url}/invocations  (POST { "message": "…" })`);
console.log(`  Health           ${url}/healthz`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1); // a second Ctrl-C skips waiting for running turns
    stopping = true;
    console.log(`${signal}: finishing running turns, then stopping (press Ctrl-C again to stop now).`);
    host.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("The host did not close cleanly:", error);
        process.exit(1);
      },
    );
  });
}
