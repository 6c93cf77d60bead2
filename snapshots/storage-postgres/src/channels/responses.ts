// The `responses` channel: the OpenAI Responses API served by the host, so any OpenAI client with
// baseURL `http://HOST:PORT/responses/v1` talks to your agent (JSON, SSE, background runs, WebSocket).
import { bearerAuth, type Channel, type RunHook } from "agent-host";
import { Hono, type Context } from "hono";
import { followResponse, responseEvents, sseResponse } from "./responses-events.ts";
import { currentResponse, deleteResponse, loadResponse } from "./responses-records.ts";
import { prepareTurn, queueTurn, runTurn, streamTurn } from "./responses-turn.ts";
import {
  errorObject,
  InputItemsQuery,
  parseWith,
  ResponsesApiError,
  RetrieveQuery,
  toApiError,
} from "./responses-wire.ts";
import { responsesWebSocket } from "./responses-ws.ts";

export interface ResponsesChannelOptions {
  /** The channel's name in requests, identities and logs. Default "responses". */
  name?: string;
  /** Mount root; the API lives under `<path>/v1/…`. Default "/responses". */
  path?: string;
  /** Bearer key every route requires. Default `AGENT_HOST_API_KEY`; unset or empty = no auth. */
  apiKey?: string;
  /** Rewrites or rejects each request before it runs (throw → 422). */
  runHook?: RunHook;
}

export function responsesChannel(options: ResponsesChannelOptions = {}): Channel {
  const name = options.name ?? "responses";
  return {
    name,
    path: options.path ?? "/responses",
    runHook: options.runHook,
    // The wire names the conversation; a request without one starts a fresh thread.
    sessions: "caller-supplied",
    contribute(ctx) {
      const app = new Hono();

      // Every error leaves in OpenAI's shape, so the client raises BadRequestError, NotFoundError, …
      app.onError((error, c) => {
        const apiError = toApiError(error);
        if (apiError.status >= 500) ctx.log.error("responses: request failed", { path: c.req.path, error: String(error) });
        return c.json({ error: errorObject(apiError) }, apiError.status);
      });

      // Create: JSON by default, SSE with `stream: true`, queued with `background: true`.
      app.post("/v1/responses", async (c) => {
        const turn = await prepareTurn(ctx, name, await readJson(c), (header) => c.req.header(header));
        const { background, stream } = turn.body;
        if (background) {
          const record = await queueTurn(ctx, turn);
          if (!stream) return c.json(record.response);
          // The client may leave; the background run goes on and can be retrieved later.
          const stopFollowing = new AbortController();
          const events = responseEvents(followResponse(ctx, record, stopFollowing.signal));
          return sseResponse(c, events, { onDisconnect: () => stopFollowing.abort() });
        }
        if (!stream) return c.json(await runTurn(ctx, turn, c.req.raw.signal));
        // A client that disconnects mid-stream aborts the run.
        const disconnected = new AbortController();
        const events = await streamTurn(ctx, turn, AbortSignal.any([c.req.raw.signal, disconnected.signal]));
        return sseResponse(c, events, { onDisconnect: () => disconnected.abort() });
      });

      // WebSocket mode: what the openai client's `ResponsesWS` opens, plus a short alias.
      const webSocket = responsesWebSocket(ctx, name);
      app.get("/v1/responses", webSocket);
      app.get("/ws", webSocket);

      // Retrieve; `?stream=true&starting_after=N` replays the events (and follows a background run).
      const retrieve = async (c: Context) => {
        const record = await loadResponse(ctx.store, c.req.param("id") ?? "");
        const query = parseWith(RetrieveQuery, c.req.query());
        if (query.stream !== "true") return c.json(await currentResponse(ctx, record));
        const stopFollowing = new AbortController();
        const events = responseEvents(followResponse(ctx, record, stopFollowing.signal));
        return sseResponse(c, events, { onDisconnect: () => stopFollowing.abort(), skipUntil: query.starting_after });
      };
      app.get("/v1/responses/:id", retrieve);

      app.post("/v1/responses/:id/cancel", async (c) => {
        const record = await loadResponse(ctx.store, c.req.param("id"));
        if (!record.response.background) {
          throw new ResponsesApiError(400, "Only responses created with background: true can be cancelled.", { code: "invalid_request" });
        }
        await ctx.cancelContinuation(record.response.id); // a finished run stays as it is
        return c.json(await currentResponse(ctx, record));
      });

      app.delete("/v1/responses/:id", async (c) => {
        const record = await loadResponse(ctx.store, c.req.param("id"));
        if (record.response.background) await ctx.cancelContinuation(record.response.id);
        await deleteResponse(ctx.store, record.response.id);
        return c.json({ id: record.response.id, object: "response.deleted", deleted: true });
      });

      // Cursor list of the input messages: `limit` (1-100, default 20), `order` (default desc), `after`.
      app.get("/v1/responses/:id/input_items", async (c) => {
        const record = await loadResponse(ctx.store, c.req.param("id"));
        const query = parseWith(InputItemsQuery, c.req.query());
        const ordered = query.order === "asc" ? record.inputItems : [...record.inputItems].reverse();
        const start = query.after ? ordered.findIndex((item) => item.id === query.after) + 1 : 0;
        if (start === 0 && query.after) throw new ResponsesApiError(400, `No input item '${query.after}' in this response.`, { param: "after" });
        const data = ordered.slice(start, start + query.limit);
        const has_more = start + query.limit < ordered.length;
        return c.json({ object: "list", data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more });
      });

      // The reference poll route: a background response's id is its continuation token.
      app.get("/v1/:id", retrieve);

      const apiKey = options.apiKey ?? process.env.AGENT_HOST_API_KEY;
      return { routes: app, middleware: [bearerAuth({ token: apiKey })] };
    },
  };
}

async function readJson(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new ResponsesApiError(400, "We could not parse the JSON body of your request. Send valid JSON.", { code: "invalid_json" });
  }
}
