// A HostStateStore that keeps nothing (every get misses, every set "succeeds"): the host's cost with
// persistence taken out, for comparison in the benchmarks only. Never use it to serve anything.
import type { HostStateStore } from "agent-host";

export function noStore(): HostStateStore {
  return {
    name: "none",
    get: async () => undefined,
    set: async (_namespace, key, value) => ({ key, value, version: 1 }),
    delete: async () => false,
    consume: async () => undefined,
    list: async () => [],
    close: async () => {},
  };
}
