#!/usr/bin/env node
// `npm create agent-host`: checks the Node.js version before loading any modern code, then runs the
// TypeScript entry cli/src/main.ts with Node's type stripping (restarting once with the flag on 22.12–22.17).
import { spawn } from "node:child_process";
import module from "node:module";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { checkNodeVersion, stripTypesFlagNeeded } from "./node-check.js";

// CREATE_AGENT_HOST_FAKE_NODE_VERSION lets the tests exercise the gate without installing an old Node.
const fakeVersion = process.env.CREATE_AGENT_HOST_FAKE_NODE_VERSION;
const problem = checkNodeVersion(fakeVersion ? { node: fakeVersion } : process.versions);

if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exitCode = 1;
} else if (stripTypesFlagNeeded(process.features)) {
  restartWithTypeStripping();
} else {
  // Reuse compiled code across runs (Node's on-disk compile cache; a no-op where unsupported).
  module.enableCompileCache?.();
  import("../src/main.ts").then(
    (cli) => cli.run(),
    (error) => {
      process.stderr.write(`create-agent-host could not start: ${error && error.stack ? error.stack : error}\n`);
      process.exitCode = 1;
    },
  );
}

function restartWithTypeStripping() {
  if (process.env.CREATE_AGENT_HOST_RESTARTED) {
    process.stderr.write("create-agent-host: this Node.js does not strip TypeScript types even with --experimental-strip-types.\nUse Node.js 22.18 or newer.\n");
    process.exitCode = 1;
    return;
  }
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
