// The invocations channel's options over real HTTP: `path` moves the routes, a run hook rewrites or
// rejects (422), and `parseRequest` replaces the body parser.
import { describe, expect, it } from "vitest";
import { postJson, startHost } from "./invocations-helpers.ts";

describe("options", () => {
  it("path moves every route", async () => {
    const moved = await startHost({ path: "/public/agent/" });
    try {
      const response = await postJson(`${moved.url}/public/agent/invoke`, { message: "moved" });
      expect(await response.json()).toEqual({ response: "You said: moved" });
      expect((await fetch(`${moved.url}/public/agent/docs/openapi.json`)).status).toBe(200);
      const doc = (await (await fetch(`${moved.url}/public/agent/docs/openapi.json`)).json()) as { paths: object };
      expect(Object.keys(doc.paths)).toContain("/public/agent/{invocation_id}");
      expect((await postJson(`${moved.url}/invocations`, { message: "old root" })).status).toBe(404);
    } finally {
      await moved.close();
    }
  });

  it("a run hook that throws answers 422 { error }", async () => {
    const guarded = await startHost({
      runHook: (request) => {
        if (String(request.input).includes("secret")) throw new Error("no secrets, please");
        return request;
      },
    });
    try {
      for (const stream of [false, true]) {
        const response = await postJson(`${guarded.url}/invocations`, { message: "tell me a secret", stream });
        expect(response.status).toBe(422);
        expect(await response.json()).toEqual({ error: "The run hook rejected the request: no secrets, please" });
      }
      expect((await postJson(`${guarded.url}/invocations`, { message: "hello" })).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });

  it("a run hook sees the raw JSON body as protocolRequest, extra fields included", async () => {
    const shouting = await startHost({
      runHook: (request, { protocolRequest }) =>
        (protocolRequest as { shout?: boolean }).shout ? { ...request, input: String(request.input).toUpperCase() } : request,
    });
    try {
      const response = await postJson(`${shouting.url}/invocations`, { message: "hello", shout: true });
      expect(await response.json()).toEqual({ response: "You said: HELLO" });
    } finally {
      await shouting.close();
    }
  });

  it("parseRequest replaces the body parser", async () => {
    const custom = await startHost({
      parseRequest: (body) => {
        const prompt = (body as { prompt?: unknown }).prompt;
        if (typeof prompt !== "string") throw new Error('Send { "prompt": "…" }.');
        return { message: prompt.toUpperCase() };
      },
    });
    try {
      expect(await (await postJson(`${custom.url}/invocations`, { prompt: "quiet" })).json()).toEqual({ response: "You said: QUIET" });
      const refused = await postJson(`${custom.url}/invocations`, { message: "hi" });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toEqual({ error: 'Send { "prompt": "…" }.' });
    } finally {
      await custom.close();
    }
  });
});
