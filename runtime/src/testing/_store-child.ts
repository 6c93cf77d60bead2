// Child process of the store conformance suite (argv: JSON { module, factory, options }): opens the
// store, prints "ready", waits for a line on stdin, contends, prints its result as JSON and exits.
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import type { HostStateStore } from "../stores/types.ts";
import { contend } from "./_store-contender.ts";

interface ChildSpec {
  module: string;
  factory: string;
  options: unknown;
}

const spec = JSON.parse(process.argv[2] ?? "null") as ChildSpec | null;
if (!spec) throw new Error("Usage: _store-child <JSON { module, factory, options }>: pass how to open the store.");
const specifier = spec.module.startsWith("/") || /^[A-Za-z]:[\\/]/.test(spec.module) ? pathToFileURL(spec.module).href : spec.module;
const factory = (await import(specifier))[spec.factory] as ((options: unknown) => HostStateStore | Promise<HostStateStore>) | undefined;
if (typeof factory !== "function") throw new Error(`${spec.module} exports no function "${spec.factory}".`);
const store = await factory(spec.options);
process.stdout.write("ready\n");
const lines = createInterface({ input: process.stdin });
await new Promise<void>((resolve) => lines.once("line", () => resolve()));
lines.close();
const result = await contend(store, `child-${process.pid}`);
await store.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
