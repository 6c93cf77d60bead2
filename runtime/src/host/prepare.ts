// The first half of a turn: run hook, identity → isolation key, session resolution, workflow input
// parsing. Every rejection happens here, before a stream opens or a continuation is queued.
import type { ChannelRequest } from "../channel/request.ts";
import type { Channel, ResolvedSession, RunOptions } from "../channel/types.ts";
import { recordLastSeen } from "../delivery/last-seen.ts";
import type { IdentityResolver } from "../identity/resolver.ts";
import { resolveSession } from "../session/resolve.ts";
import type { HostStateStore } from "../stores/types.ts";
import type { Target } from "../target/types.ts";
import type { IdentityLinker } from "../identity/types.ts";
import { ForbiddenError, HostError, LinkRequiredError, RunHookRejectedError } from "./errors.ts";

/** A request ready to execute: everything resolved, nothing run yet. */
export interface PreparedTurn {
  request: ChannelRequest;
  isolationKey?: string;
  session?: ResolvedSession;
  /** The target's input: parsed workflow input, or the request input for agents. */
  targetInput: unknown;
  /** The id the assistant message gets in history (set by callers that annotate it later). */
  assistantMessageId?: string;
}

export interface PrepareDeps {
  target: Target;
  store: HostStateStore;
  identityResolver: IdentityResolver;
  /** Required when any channel requires linking. */
  identityLinker?: IdentityLinker;
  /** The host-wide default for channels that do not set `requireLink`. */
  requireLink?: boolean;
}

export async function prepareTurn(
  deps: PrepareDeps,
  channel: Pick<Channel, "name" | "runHook" | "requireLink" | "sessions">,
  initial: ChannelRequest,
  options: RunOptions = {},
): Promise<PreparedTurn> {
  const request = channel.runHook ? await applyRunHook(deps.target, channel.runHook, initial, options) : initial;

  let isolationKey = request.session?.isolationKey;
  if (!isolationKey && request.identity) {
    const resolved = await deps.identityResolver.resolve(request.identity);
    if (resolved === null) {
      throw new ForbiddenError(`This ${request.channel} identity is not allowed to use this agent.`, "identity_refused");
    }
    isolationKey = resolved;
  }
  if (request.identity && (channel.requireLink ?? deps.requireLink) && deps.identityLinker) {
    if (!(await deps.identityLinker.isLinked(request.identity))) {
      throw new LinkRequiredError(await deps.identityLinker.begin(request.identity));
    }
  }

  const session = await resolveSession(deps.store, request, isolationKey, channel.sessions);
  if (isolationKey && request.identity) await recordLastSeen(deps.store, isolationKey, request); // active-channel tracking
  return { request, isolationKey, session, targetInput: parseTargetInput(deps.target, request) };
}

async function applyRunHook(
  target: Target,
  hook: NonNullable<Channel["runHook"]>,
  request: ChannelRequest,
  options: RunOptions,
): Promise<ChannelRequest> {
  try {
    return await hook(request, { target, protocolRequest: options.protocolRequest });
  } catch (error) {
    if (error instanceof HostError) throw error;
    throw new RunHookRejectedError(`The run hook rejected the request: ${messageOf(error)}`, { cause: error });
  }
}

function parseTargetInput(target: Target, request: ChannelRequest): unknown {
  if (target.kind !== "workflow" || !target.parseInput) return request.input;
  try {
    return target.parseInput(request.input);
  } catch (error) {
    throw new RunHookRejectedError(
      `Workflow "${target.name}" cannot take this input: ${messageOf(error)}. ` +
        "Send the workflow's input shape, or add a run hook that adapts chat text into it.",
      { cause: error },
    );
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
