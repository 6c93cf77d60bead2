// The bridge between Hono and the Agents SDK, which expects Express-shaped objects: a request
// `{ body, headers, method }` and a `WebResponse` (status/setHeader/send/end) collected into a Response.
import type { Request as SdkRequest, WebResponse } from "@microsoft/agents-hosting";
import type { Context } from "hono";

export interface SdkExchange {
  request: SdkRequest;
  response: WebResponse;
  /** What the SDK answered (status, headers, JSON body); 200 with no body when it only ended. */
  toResponse(): Response;
}

export function sdkExchange(c: Context): SdkExchange {
  let status = 200;
  let body: unknown;
  const headers = new Headers();
  const state = { headersSent: false, writableEnded: false };
  const response: WebResponse = {
    status(code) {
      status = code;
      return this;
    },
    setHeader(name, value) {
      headers.set(name, value);
      return this;
    },
    send(value) {
      body = value;
      state.headersSent = true;
      return this;
    },
    end() {
      state.writableEnded = true;
      return this;
    },
    get headersSent() {
      return state.headersSent;
    },
    get writableEnded() {
      return state.writableEnded;
    },
  };
  const request: SdkRequest = { method: c.req.method, headers: c.req.header() };
  return {
    request,
    response,
    toResponse() {
      if (body === undefined) return new Response(null, { status, headers });
      if (!headers.has("content-type")) headers.set("content-type", "application/json; charset=utf-8");
      return new Response(typeof body === "string" ? body : JSON.stringify(body), { status, headers });
    },
  };
}
