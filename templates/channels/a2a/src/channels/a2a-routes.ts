// The JSON-RPC endpoint on Hono: the SDK's Express `jsonRpcHandler` re-created without Express — content
// type and JSON checks, v1.0 or v0.3 by the `A2A-Version` header, one JSON answer or an SSE stream.
import { A2A_VERSION_HEADER, Extensions, HTTP_EXTENSION_HEADER } from "@a2a-js/sdk";
import { isLegacyJsonRpcMethod, isV1JsonRpcMethod, LEGACY_HTTP_EXTENSION_HEADER, legacyJsonRpcToV1Method } from "@a2a-js/sdk/compat/v0_3";
import { LegacyJsonRpcTransportHandler } from "@a2a-js/sdk/compat/v0_3/server";
import { defaultServerCallContextBuilder, JsonRpcTransportHandler, UnauthenticatedUser, validateVersion, type A2ARequestHandler } from "@a2a-js/sdk/server";
import type { Logger } from "agent-host";
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";

/** A request without `A2A-Version` speaks v0.3 (the A2A spec's rule for a missing header). */
const LEGACY_VERSION = "0.3";
const INTERNAL_ERROR = -32603;

interface RpcError {
  code: number;
  message: string;
  data?: unknown;
}
type RpcId = string | number | null;

export function jsonRpcEndpoint(requestHandler: A2ARequestHandler, log: Logger) {
  const current = new JsonRpcTransportHandler(requestHandler);
  const legacy = new LegacyJsonRpcTransportHandler(requestHandler);

  return async (c: Context): Promise<Response> => {
    // Not a JSON-RPC call at all → a 4xx with a JSON-RPC error body (the SDK's router answers these with 200).
    const contentType = c.req.header("content-type");
    if (contentType && contentType.split(";")[0]?.trim().toLowerCase() !== "application/json") {
      return rpcError(c, null, { code: -32005, message: `Unsupported Content-Type "${contentType}": send application/json.` }, 415);
    }
    const body = parseJson(await c.req.text());
    if (body === undefined) return rpcError(c, null, { code: -32700, message: "Parse error: the body is not valid JSON." }, 400);
    if (!isRequest(body)) {
      const message = "Invalid Request: send one JSON-RPC 2.0 object with `jsonrpc: \"2.0\"`, a string `method` and an optional string or integer `id`.";
      return rpcError(c, null, { code: -32600, message }, 400);
    }

    const version = c.req.header(A2A_VERSION_HEADER) || LEGACY_VERSION;
    const isLegacy = version === LEGACY_VERSION;
    const toError = isLegacy ? LegacyJsonRpcTransportHandler.mapToLegacyJSONRPCError : JsonRpcTransportHandler.mapToJSONRPCError;
    const id = body.id ?? null;
    try {
      const extensionsHeader = isLegacy ? (c.req.header(LEGACY_HTTP_EXTENSION_HEADER) ?? c.req.header(HTTP_EXTENSION_HEADER)) : c.req.header(HTTP_EXTENSION_HEADER);
      const context = defaultServerCallContextBuilder({
        extensions: Extensions.parseServiceParameter(extensionsHeader),
        user: new UnauthenticatedUser(),
        headers: Object.fromEntries(c.req.raw.headers),
        requestedVersion: version,
      });
      validateVersion(context.requestedVersion, await requestHandler.getAgentCard(), "JSONRPC");
      if (!(isLegacy ? isLegacyJsonRpcMethod(body.method) : isV1JsonRpcMethod(body.method))) {
        return rpcError(c, id, { code: -32601, message: methodNotFound(body.method, isLegacy) }, 200);
      }
      const answer = await (isLegacy ? legacy : current).handle(body, context);
      if (context.activatedExtensions) {
        c.header(isLegacy ? LEGACY_HTTP_EXTENSION_HEADER : HTTP_EXTENSION_HEADER, Extensions.toServiceParameter(context.activatedExtensions));
      }
      if (Symbol.asyncIterator in answer) return await sse(c, answer, id, toError, log);
      return c.json(answer);
    } catch (error) {
      const rpc = toError(error);
      if (rpc.code === INTERNAL_ERROR) log.error("a2a: request failed", { method: body.method, error: String(error) });
      return rpcError(c, id, rpc, rpc.code === INTERNAL_ERROR ? 500 : 200);
    }
  };
}

/**
 * Streams JSON-RPC responses as SSE `data:` frames. An error before the first event answers as plain JSON;
 * one later becomes an `event: error` frame, and the stream always ends (never hangs).
 */
async function sse(c: Context, events: AsyncGenerator<unknown>, id: RpcId, toError: (error: unknown) => RpcError, log: Logger) {
  let first: IteratorResult<unknown>;
  try {
    first = await events.next();
  } catch (error) {
    return rpcError(c, id, toError(error), 200);
  }
  return streamSSE(c, async (stream) => {
    try {
      for (let next = first; !next.done && !stream.aborted; next = await events.next()) {
        await stream.writeSSE({ data: JSON.stringify(next.value) });
      }
    } catch (error) {
      log.warn("a2a: stream failed", { error: String(error) });
      await stream.writeSSE({ event: "error", data: JSON.stringify({ jsonrpc: "2.0", id, error: toError(error) }) });
    } finally {
      await events.return(undefined); // a client that left stops the SDK's event queue; the task runs on
    }
  });
}

/** Method not found, with the fix when the method belongs to the other protocol version. */
function methodNotFound(method: string, isLegacy: boolean): string {
  if (isLegacy && isV1JsonRpcMethod(method)) return `"${method}" is an A2A v1.0 method: send the header A2A-Version: 1.0.`;
  if (!isLegacy && isLegacyJsonRpcMethod(method)) {
    return `"${method}" is an A2A v0.3 method: call ${legacyJsonRpcToV1Method(method)} instead, or leave out the A2A-Version header.`;
  }
  return `Method "${method}" not found. See the methods of A2A ${isLegacy ? "v0.3" : "v1.0"} (header A2A-Version selects the version).`;
}

export function rpcError(c: Context, id: RpcId, error: RpcError, status: 200 | 400 | 401 | 415 | 500) {
  return c.json({ jsonrpc: "2.0", id, error }, status);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRequest(body: unknown): body is { jsonrpc: "2.0"; method: string; id?: RpcId } & Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return false;
  const { jsonrpc, method, id } = body as Record<string, unknown>;
  const validId = id === undefined || id === null || typeof id === "string" || Number.isInteger(id);
  return jsonrpc === "2.0" && typeof method === "string" && method !== "" && validId;
}
