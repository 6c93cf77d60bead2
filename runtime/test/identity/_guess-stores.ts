// Stores the link-guessing tests run on (memory, file, SQLite; SQLite also as two "processes" on one
// file) and a wrapper that counts how many guesses reached the code check (consumes of link grants).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileStore, memoryStore, type HostStateStore, type ListOptions, type SetOptions } from "../../src/index.ts";
import { LINK_GRANT_NAMESPACE } from "../../src/identity/code-linker.ts";
import { sqliteStore } from "../../src/stores/sqlite.ts";

/** One store kind: `open` makes a fresh store; `second` opens the same data as another process would. */
export interface StoreKind {
  name: string;
  open(): Promise<{ store: HostStateStore; second?: () => HostStateStore; cleanup: () => Promise<void> }>;
}

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "agent-host-link-"));
}

export const storeKinds: StoreKind[] = [
  { name: "memory", open: async () => ({ store: memoryStore(), cleanup: async () => {} }) },
  {
    name: "file",
    async open() {
      const dir = await tempDir();
      return { store: fileStore({ dir }), cleanup: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: "sqlite",
    async open() {
      const dir = await tempDir();
      const path = join(dir, "host.db");
      return { store: sqliteStore({ path }), second: () => sqliteStore({ path }), cleanup: () => rm(dir, { recursive: true, force: true }) };
    },
  },
];

/** `store` with a count of the guesses that were checked against a code (grant consumes). */
export function countingChecks(store: HostStateStore): { store: HostStateStore; checked: () => number } {
  let checked = 0;
  const counted: HostStateStore = {
    name: store.name,
    get: <T>(namespace: string, key: string) => store.get<T>(namespace, key),
    set: <T>(namespace: string, key: string, value: T, options?: SetOptions) => store.set<T>(namespace, key, value, options),
    delete: (namespace, key, options) => store.delete(namespace, key, options),
    consume: <T>(namespace: string, key: string) => {
      if (namespace === LINK_GRANT_NAMESPACE) checked++;
      return store.consume<T>(namespace, key);
    },
    list: <T>(namespace: string, options?: ListOptions) => store.list<T>(namespace, options),
    close: () => store.close(),
  };
  return { store: counted, checked: () => checked };
}
