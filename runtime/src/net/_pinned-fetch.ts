// A minimal fetch over node:http(s) that connects only to addresses checked beforehand (no second DNS
// lookup, so no rebinding between check and connect), keeps the URL's Host and TLS name, never redirects.
import type { LookupAddress } from "node:dns";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import { Readable } from "node:stream";

export async function pinnedFetch(url: URL, addresses: readonly LookupAddress[], init?: RequestInit): Promise<Response> {
  // Request normalizes what fetch accepts (method, headers, body types, signal).
  const request = new Request(url, init);
  const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
  const headers: Record<string, string> = Object.fromEntries(request.headers);
  if (body) headers["content-length"] = String(body.length);
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  request.signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    // agent: false → a fresh connection, never a pooled socket opened for some other check.
    const options = { method: request.method, headers, lookup: pinnedLookup(addresses), signal: request.signal, agent: false as const };
    const outgoing = send(url, options, (incoming) => resolve(toResponse(incoming, request.method)));
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

/** A `lookup` that answers with the checked addresses instead of asking DNS again. */
function pinnedLookup(addresses: readonly LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const family = options.family === "IPv4" ? 4 : options.family === "IPv6" ? 6 : options.family;
    const matching = family === 4 || family === 6 ? addresses.filter((entry) => entry.family === family) : [];
    const answer = matching.length > 0 ? matching : [...addresses];
    const first = answer[0] as LookupAddress; // the policy never passes an empty list
    process.nextTick(() => (options.all ? callback(null, answer) : callback(null, first.address, first.family)));
  };
}

function toResponse(incoming: IncomingMessage, method: string): Response {
  const status = incoming.statusCode ?? 502;
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    for (const item of [value ?? []].flat()) headers.append(name, item);
  }
  const noBody = method === "HEAD" || status === 204 || status === 205 || status === 304;
  if (noBody) incoming.resume();
  const body = noBody ? null : (Readable.toWeb(incoming) as ReadableStream<Uint8Array>);
  return new Response(body, { status, statusText: incoming.statusMessage ?? "", headers });
}
