// A stand-in for the npm registry's `GET /create-agent-host/latest` on 127.0.0.1 (plain node:http):
// answers a version manifest shaped like the registry's, optionally late, and records every request.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeRegistry {
  /** Base URL with a trailing slash, e.g. `http://127.0.0.1:4873/`. */
  url: string;
  /** Paths requested so far, with the time each arrived and when its connection closed. */
  requests: Array<{ path: string; accept: string | undefined; at: number; closedAt?: number }>;
  close(): Promise<void>;
}

export interface FakeRegistryOptions {
  /** The `latest` version to answer; undefined answers 404 like an unknown package. */
  latest: string | undefined;
  /** Wait this long before answering. */
  delayMs?: number;
}

function manifest(version: string) {
  return {
    name: "create-agent-host",
    version,
    bin: { "create-agent-host": "bin/create-agent-host.js" },
    dependencies: { "ts-morph": "28.0.0" },
    dist: { tarball: `http://127.0.0.1/create-agent-host/-/create-agent-host-${version}.tgz`, shasum: "0".repeat(40), integrity: "sha512-unused" },
  };
}

export async function startFakeRegistry(options: FakeRegistryOptions): Promise<FakeRegistry> {
  const requests: FakeRegistry["requests"] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((request: IncomingMessage, response) => {
    const entry: FakeRegistry["requests"][number] = { path: request.url ?? "", accept: request.headers.accept, at: Date.now() };
    requests.push(entry);
    response.on("close", () => (entry.closedAt = Date.now()));
    const answer = () => {
      if (request.url !== "/create-agent-host/latest" || options.latest === undefined) {
        response.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found" }));
        return;
      }
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(manifest(options.latest)));
    };
    if (!options.delayMs) return answer();
    const timer = setTimeout(answer, options.delayMs);
    timers.add(timer);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
