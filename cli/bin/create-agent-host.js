#!/usr/bin/env node
// `npm create agent-host`: checks the Node.js version before loading any modern code, then runs the
// bundled CLI (dist/main.js, published) or, in a checkout, the TypeScript source cli/src/main.ts.
import { existsSync } from "node:fs";
import module from "node:module";
import process from "node:process";
import { checkNodeVersion, stripTypesFlagNeeded } from "./node-check.js";

// CREATE_AGENT_HOST_FAKE_NODE_VERSION lets the tests exercise the gate without installing an old Node.
const fakeVersion = process.env.CREATE_AGENT_HOST_FAKE_NODE_VERSION;
const problem = checkNodeVersion(fakeVersion ? { node: fakeVersion } : process.versions);
// A checkout has the sources (the published package ships only bin/, dist/ and templates/).
const source = new URL("../src/main.ts", import.meta.url);
const fromCheckout = existsSync(source);

if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exitCode = 1;
} else if (fromCheckout && stripTypesFlagNeeded(process.features)) {
  restartWithTypeStripping();
} else {
  // Reuse compiled code across runs (Node's on-disk compile cache; a no-op where unsupported).
  if (module.enableCompileCache) module.enableCompileCache();
  import(fromCheckout ? source.href : "../dist/main.js").then(
    (cli) => cli.run(),
    (error) => {
      process.stderr.write(`create-agent-host could not start: ${error && error.stack ? error.stack : error}\n`);
      process.exitCode = 1;
    },
  );
}

async function restartWithTypeStripping() {
  if (process.env.CREATE_AGENT_HOST_RESTARTED) {
    process.stderr.write("create-agent-host: this Node.js does not strip TypeScript types even with --experimental-strip-types.\nUse Node.js 22.18 or newer.\n");
    process.exitCode = 1;
    return;
  }
  // Only the checkout on Node 22.12–22.17 gets here: the published CLI never loads child_process for this.
  const { spawn } = await import("node:child_process");
  const { fileURLToPath } = await import("node:url");
  const script = fileURLToPath(import.meta.url);
  const args = process.execArgv.concat(["--experimental-strip-types", "--disable-warning=ExperimentalWarning", script], process.argv.slice(2));
  const child = spawn(process.execPath, args, { stdio: "inherit", env: Object.assign({}, process.env, { CREATE_AGENT_HOST_RESTARTED: "1" }) });
  // The terminal sends Ctrl-C to both processes: let the child decide what it means.
  const ignore = () => {};
  process.on("SIGINT", ignore);
  child.on("exit", (code, signal) => {
    process.off("SIGINT", ignore);
    if (signal) process.kill(process.pid, signal);
    else process.exitCode = code === null ? 1 : code;
  });
}
