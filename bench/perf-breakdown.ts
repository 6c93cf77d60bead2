// Where a bench server's CPU goes, from Linux `perf` samples (every thread, kernel included, and not
// biased towards syscalls like V8's --cpu-prof): each sample is charged to the innermost stack frame
// that belongs to a known part of the request path, so V8 builtins, JSON natives, libc and kernel frames
// count for the JS code that called them (JSON.stringify in the store is store work, writev is socket I/O).
//   perf script -i perf.data | node bench/perf-breakdown.ts [server CPU µs per request]
import { createInterface } from "node:readline";

/** Categories, tried in this order on each frame from the innermost outwards. */
const CATEGORIES: Array<[RegExp, string]> = [
  [/Scavenge|MarkCompact|ConcurrentMarking|Heap::|Sweeper|MinorMS|IncrementalMarking|MemoryAllocator|heap::base/, "GC"],
  [/OptimizingCompileDispatcher|compiler::|Compiler::|Maglev|maglev|CompileLazy/, "JIT compilation"],
  [/runtime\/src\/stores\//, "store operations (copies, JSON text, file I/O)"],
  [/runtime\/src\/session\/history/, "history load/append"],
  [/node_modules\/zod\//, "body validation (zod)"],
  [/hono\/dist\/router\//, "hono router"],
  [/undici|webstreams/, "web Request / streams (undici)"],
  [/internal\/crypto|node:crypto/, "random ids"],
  [/runtime\/src\/target\//, "echo agent + result builder"],
  [/runtime\/src\/(host|channel|session|identity|auth|_)/, "host core (app shell, prepare, execute, locks)"],
  [/templates\/channels\/responses\//, "responses channel (mapping, response object)"],
  [/bench\/_servers/, "bare app handler"],
  [/node_modules\/hono\//, "hono compose/context/body read/c.json"],
  [/@hono\/node-server/, "@hono/node-server adapter"],
  [/node:_http|node:net|internal\/streams|stream_base|node:events|node:timers|internal\/timers|http_parser|llhttp|uv_|uv__|LibuvStreamWrap/, "node http + socket I/O (incl. kernel)"],
  [/task_queues|RunMicrotasks|MicrotaskQueue|PromiseFulfill|AsyncFunction|ResolvePromise|PerformCheckpoint/, "promise/microtask plumbing"],
];
const perRequestUs = Number(process.argv[2] ?? 0);
const counts = new Map<string, number>();
let total = 0;
let stack: string[] = [];

/** GC or JIT anywhere in the stack wins; otherwise the innermost frame that matches a category. */
function categorize(frames: string[]): string {
  const [gc, jit] = CATEGORIES;
  if (frames.some((frame) => gc![0].test(frame))) return gc![1];
  if (frames.some((frame) => jit![0].test(frame))) return jit![1];
  for (const frame of frames) for (const [pattern, name] of CATEGORIES.slice(2)) if (pattern.test(frame)) return name;
  return "other (unattributed natives)";
}

function flush(): void {
  if (stack.length === 0) return;
  total++;
  const name = categorize(stack);
  counts.set(name, (counts.get(name) ?? 0) + 1);
  stack = [];
}

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) flush();
  else if (/^\s/.test(line)) stack.push(line.trim().replace(/^[0-9a-f]+\s+/, ""));
}
flush();
console.log(`${total} samples${perRequestUs ? `, scaled to ${perRequestUs} µs of server CPU per request` : ""}\n`);
console.log(`| part of the request path | share |${perRequestUs ? " µs/request |" : ""}`);
console.log(`|---|---|${perRequestUs ? "---|" : ""}`);
for (const [name, count] of [...counts].sort((a, b) => b[1] - a[1])) {
  const share = count / total;
  console.log(`| ${name} | ${(share * 100).toFixed(1)} % |${perRequestUs ? ` ${(share * perRequestUs).toFixed(0)} |` : ""}`);
}
