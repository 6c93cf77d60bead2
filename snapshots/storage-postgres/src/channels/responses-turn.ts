// One `response.create`, from JSON body to saved response: validates it, builds the ChannelRequest, runs
// it to the end, as a stream, or in the background. Shared by the HTTP routes and the WebSocket.
import { createChannelRequest, type ChannelContext, type ChannelRequest, type ContinuationToken } from "agent-host";
import { followResponse, responseEvents, type ResponseEvent } from "./responses-events.ts";
import { loadResponse, saveResponse, type StoredResponse } from "./responses-records.ts";
import { finishedResponse, pendingResponse, type ResponseObject } from "./responses-object.ts";
import {
  conversationIdOf,
  newId,
  parseCreateBody,
  toChannelInput,
  toInputItems,
  type CreateResponseBody,
  type InputItem,
} from "./responses-wire.ts";

export interface Turn {
  body: CreateResponseBody;
  /** The JSON as the client sent it, unknown fields included: what a run hook sees as `protocolRequest`. */
  protocolRequest: unknown;
  request: ChannelRequest;
  /** The response before it ran; its id is also the background continuation token. */
  response: ResponseObject;
  messageId: string;
  inputItems: InputItem[];
}

/**
 * Validates a create body and maps it onto a ChannelRequest. `previous_response_id` continues the
 * session that response ran in (unknown id → 404); `conversation` names the session; neither = new.
 */
export async function prepareTurn(
  ctx: ChannelContext,
  channel: string,
  json: unknown,
  header: (name: string) => string | undefined,
): Promise<Turn> {
  const body = parseCreateBody(json);
  const previous = body.previous_response_id ? await loadResponse(ctx.store, body.previous_response_id, "previous_response_id") : undefined;
  const sessionKey = previous ? previous.sessionKey : conversationIdOf(body);
  const nativeId = body.safety_identifier ?? body.user;
  const isolation = { user: header("x-agent-user-isolation-key"), chat: header("x-agent-chat-isolation-key") };
  const options = { model: body.model, temperature: body.temperature, store: body.store, metadata: body.metadata };

  const request = createChannelRequest({
    channel,
    input: toChannelInput(body.input),
    ...(body.instructions ? { instructions: body.instructions } : {}),
    ...(sessionKey ? { session: { key: sessionKey } } : {}),
    ...(nativeId ? { identity: { channel, nativeId } } : {}),
    stream: body.stream ?? false,
    background: body.background ?? false,
    // Caller settings go to the target as they are; null and absent fields are left out.
    options: Object.fromEntries(Object.entries(options).filter(([, value]) => value != null)),
    attributes: {
      ...(body.hosting ? { hosting: body.hosting } : {}),
      ...(isolation.user || isolation.chat ? { isolation } : {}),
    },
  });
  const response = pendingResponse(newId("resp"), body, ctx.target.name);
  return { body, protocolRequest: json, request, response, messageId: newId("msg"), inputItems: toInputItems(body.input) };
}

/** Runs the turn to the end and returns the saved response (a failed run → status `failed`). */
export async function runTurn(ctx: ChannelContext, turn: Turn, signal: AbortSignal): Promise<ResponseObject> {
  const outcome = await ctx.run(turn.request, { signal, protocolRequest: turn.protocolRequest, token: turn.response.id });
  if (outcome.continuation) return (await saveQueued(ctx, turn, outcome.continuation)).response;
  const response = finishedResponse(turn.response, turn.messageId, outcome.result);
  await saveResponse(ctx.store, { response, messageId: turn.messageId, sessionKey: outcome.session?.key, inputItems: turn.inputItems });
  return response;
}

/**
 * Starts the turn and returns its events. Host rejections (403/409/422) throw here, before the
 * first event; aborting `signal` (the client left) stops the run. The response is saved either way.
 */
export async function streamTurn(ctx: ChannelContext, turn: Turn, signal: AbortSignal): Promise<AsyncGenerator<ResponseEvent>> {
  const run = await ctx.stream(turn.request, { signal, protocolRequest: turn.protocolRequest, token: turn.response.id });
  // The run hook sent the result elsewhere (a non-originating target): follow it like a background response.
  if (run.continuation) return responseEvents(followResponse(ctx, await saveQueued(ctx, turn, run.continuation), signal));
  const final = run.result.then(async (result) => {
    const response = finishedResponse(turn.response, turn.messageId, result);
    await saveResponse(ctx.store, { response, messageId: turn.messageId, sessionKey: run.session?.key, inputItems: turn.inputItems });
    return response;
  });
  final.catch((error: unknown) => ctx.log.error("responses: could not finish a streamed response", { id: turn.response.id, error: String(error) }));
  return responseEvents({ response: turn.response, messageId: turn.messageId, updates: run.updates, final });
}

/** Queues the turn as a background run whose continuation token is the response id. */
export async function queueTurn(ctx: ChannelContext, turn: Turn): Promise<StoredResponse> {
  const continuation = await ctx.runInBackground(turn.request, { token: turn.response.id, protocolRequest: turn.protocolRequest });
  return saveQueued(ctx, turn, continuation);
}

/**
 * Saves a queued run (asked for with `background`, or deferred by the host because the response target
 * is not the caller) as a background response: the client polls it by id, and the host pushes the result.
 */
async function saveQueued(ctx: ChannelContext, turn: Turn, continuation: ContinuationToken): Promise<StoredResponse> {
  const response = { ...turn.response, background: true, status: "queued" as const };
  const record = { response, messageId: turn.messageId, sessionKey: continuation.session?.key, inputItems: turn.inputItems };
  await saveResponse(ctx.store, record);
  return record;
}
