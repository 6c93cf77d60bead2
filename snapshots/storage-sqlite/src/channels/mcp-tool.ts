// The `ask` tool: one MCP tool call is one turn of the agent. Text deltas go out as
// `notifications/progress` when the caller asked for progress; failures come back as `isError` results.
import { createChannelRequest, HostError, type ChannelContext, type RunResult } from "agent-host";
import { McpServer, type CallToolResult, type ServerContext } from "@modelcontextprotocol/server";
import * as z from "zod";

export const AskInput = z.object({
  prompt: z.string().min(1).describe("What to ask the agent."),
  sessionId: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe("Continue a conversation: pass the same id (any string you choose) on every call. Omit it for a fresh thread."),
});
export type AskInput = z.infer<typeof AskInput>;

export interface AskToolOptions {
  /** The channel name the requests carry. */
  channel: string;
  /** The tool's name in `tools/list`. */
  toolName: string;
}

/** The `_meta` key of a result that names the host session the turn ran in (reuse it as `sessionId`). */
export const SESSION_META_KEY = "agent-host/sessionId";

/** A fresh MCP server with the one tool: the SDK serves one request (or one MCP session) with it. */
export function createAskServer(ctx: ChannelContext, options: AskToolOptions): McpServer {
  const server = new McpServer({ name: ctx.target.name, version: "1.0.0" });
  server.registerTool(
    options.toolName,
    {
      title: `Ask ${ctx.target.name}`,
      description: ctx.target.description ?? `Ask the agent "${ctx.target.name}" and get its answer.`,
      inputSchema: AskInput,
    },
    (args, mcp) => ask(ctx, options, args, mcp),
  );
  return server;
}

async function ask(ctx: ChannelContext, options: AskToolOptions, args: AskInput, mcp: ServerContext): Promise<CallToolResult> {
  // The caller's `sessionId` names the conversation; in session mode the MCP session does by default.
  const key = args.sessionId ?? mcp.sessionId;
  const request = createChannelRequest({
    channel: options.channel,
    input: args.prompt,
    ...(key ? { session: { key } } : {}),
    stream: true,
    attributes: { mcp: { requestId: mcp.mcpReq.id, ...(mcp.sessionId ? { sessionId: mcp.sessionId } : {}) } },
  });
  // A `notifications/cancelled` (or a closed exchange) aborts the run, and so does a client that hangs up.
  const signals = [mcp.mcpReq.signal, mcp.http?.req?.signal].filter((signal) => signal !== undefined);
  const protocolRequest = { name: options.toolName, arguments: args };
  try {
    const run = await ctx.stream(request, { signal: AbortSignal.any(signals), protocolRequest });
    if (run.continuation) {
      return { content: [{ type: "text", text: `The agent will deliver its answer elsewhere (run ${run.continuation.token}).` }] };
    }
    const progressToken = mcp.mcpReq._meta?.progressToken;
    let progress = 0;
    for await (const update of run.updates) {
      if (progressToken === undefined || update.type !== "text-delta") continue;
      progress += 1;
      // Best effort: a client that stopped listening must not stop the run.
      await mcp.mcpReq
        .notify({ method: "notifications/progress", params: { progressToken, progress, message: update.text } })
        .catch(() => undefined);
    }
    return toolResult(await run.result, run.session?.key);
  } catch (error) {
    // Run hook rejections (422), refused identities (403), …: the model reads the message and can react.
    if (error instanceof HostError && error.status < 500) return { isError: true, content: [{ type: "text", text: error.message }] };
    ctx.log.error("mcp: the tool call failed", { error: String(error) });
    return { isError: true, content: [{ type: "text", text: "The host failed to run the agent. See the server log." }] };
  }
}

function toolResult(result: RunResult, sessionKey: string | undefined): CallToolResult {
  const _meta = sessionKey ? { [SESSION_META_KEY]: sessionKey } : undefined;
  if (result.status === "completed") return { content: [{ type: "text", text: result.text }], ...(_meta ? { _meta } : {}) };
  const reason =
    result.status === "cancelled"
      ? "The run was cancelled."
      : result.status === "input_required"
        ? "The agent needs input this tool cannot ask for."
        : `The agent failed: ${result.error?.message ?? "unknown error"}`;
  return { isError: true, content: [{ type: "text", text: result.text ? `${result.text}\n\n${reason}` : reason }], ...(_meta ? { _meta } : {}) };
}
