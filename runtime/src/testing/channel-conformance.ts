// THE conformance suite for HTTP channels: what every channel must do whatever its protocol —
// answer through the target, keep bad input a 4xx with a body, honour `path`, `runHook` and `apiKey`.
import { afterEach, describe, expect, it } from "vitest";
import type { Channel, RunHook } from "../channel/types.ts";
import { createAgentHost, type AgentHost } from "../host/create-host.ts";
import { silentLogger } from "../host/logger.ts";
import { memoryStore } from "../stores/memory.ts";
import { echoAgent } from "../target/echo.ts";

export interface ConformanceChannelOptions {
  path?: string;
  runHook?: RunHook;
  apiKey?: string;
}

export interface ChannelConformanceSpec {
  /** Builds the channel under test with these options (and its defaults for everything else). */
  create(options: ConformanceChannelOptions): Channel;
  /** The channel's default mount root, e.g. "/responses". */
  defaultRoot: string;
  /** A valid request asking the agent to answer `text`, under the given mount root. */
  request(root: string, text: string): { method: string; path: string; body: unknown; headers?: Record<string, string> };
  /** The agent's answer text from a successful response. */
  answerText(response: Response): Promise<string>;
  /** Set false for channels without a bearer key (platform channels verify signatures instead). */
  supportsApiKey?: boolean;
  /**
   * For protocols that report a refused turn inside a successful response (an MCP tool result with
   * `isError`, a JSON-RPC error object): the refusal's text. Without it a refusal must be HTTP 422.
   */
  rejectionText?(response: Response): Promise<string>;
}

/** Registers the channel conformance tests against a real host (echo agent, memory store). */
export function describeChannelConformance(name: string, spec: ChannelConformanceSpec): void {
  describe(`Channel conformance: ${name}`, () => {
    let host: AgentHost | undefined;
    const start = (options: ConformanceChannelOptions = {}) => {
      host = createAgentHost({ target: echoAgent(), channels: [spec.create(options)], store: memoryStore(), logger: silentLogger });
      return host;
    };
    const send = (h: AgentHost, root: string, text: string, init: { rawBody?: string; headers?: Record<string, string> } = {}) => {
      const r = spec.request(root, text);
      return h.app.request(r.path, {
        method: r.method,
        headers: { "content-type": "application/json", ...r.headers, ...init.headers },
        body: init.rawBody ?? JSON.stringify(r.body),
      });
    };
    afterEach(async () => {
      await host?.close();
      host = undefined;
    });

    it("answers a valid request through the target", async () => {
      const response = await send(start(), spec.defaultRoot, "conformance check");
      expect(response.status).toBe(200);
      expect(await spec.answerText(response)).toContain("You said: conformance check");
    });

    it("answers malformed JSON with a 4xx and a JSON body, never a 500", async () => {
      const response = await send(start(), spec.defaultRoot, "x", { rawBody: "{not json" });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.headers.get("content-type")).toContain("application/json");
      await response.json();
    });

    it("moves every route with the path option", async () => {
      const h = start({ path: "/moved/here" });
      expect(await spec.answerText(await send(h, "/moved/here", "moved"))).toContain("You said: moved");
      expect((await send(h, spec.defaultRoot, "old root")).status).toBe(404);
    });

    it("turns a run hook's thrown error into a refusal (422, or the protocol's in-band error)", async () => {
      const response = await send(start({ runHook: () => { throw new Error("rejected by hook"); } }), spec.defaultRoot, "x");
      if (spec.rejectionText) {
        expect(response.status).toBeLessThan(500);
        expect(await spec.rejectionText(response)).toContain("rejected by hook");
      } else {
        expect(response.status).toBe(422);
        expect(JSON.stringify(await response.json())).toContain("rejected by hook");
      }
    });

    it.runIf(spec.supportsApiKey !== false)("requires the API key when one is set", async () => {
      const h = start({ apiKey: "sekret" });
      expect((await send(h, spec.defaultRoot, "x")).status).toBe(401);
      expect((await send(h, spec.defaultRoot, "x", { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
      expect((await send(h, spec.defaultRoot, "x", { headers: { authorization: "Bearer sekret" } })).status).toBe(200);
    });
  });
}
