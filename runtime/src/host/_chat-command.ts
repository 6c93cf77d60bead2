// ChannelContext.command: finds the command a chat message names, resolves the sender's isolation key
// (so `/new` knows which conversation to reset) and runs it; refusals and HostErrors become replies.
import type { Channel, ChannelCommand, CommandInvocation, Logger, RunOutcome } from "../channel/types.ts";
import type { ChannelRequest } from "../channel/request.ts";
import { parseCommand } from "../chat/command.ts";
import type { IdentityResolver } from "../identity/resolver.ts";
import { HostError } from "./errors.ts";

export interface CommandDeps {
  channel: Pick<Channel, "name">;
  commands: readonly ChannelCommand[];
  identityResolver: IdentityResolver;
  run(request: ChannelRequest): Promise<RunOutcome>;
  log: Logger;
}

export function commandRunner(deps: CommandDeps): (invocation: CommandInvocation) => Promise<boolean> {
  return async (invocation) => {
    const parsed = parseCommand(invocation.text, invocation.botUsername);
    const command = parsed && deps.commands.find((candidate) => candidate.name === parsed.name);
    if (!parsed || !command) return false;
    let isolationKey: string | undefined;
    if (invocation.identity) {
      const resolved = await deps.identityResolver.resolve(invocation.identity);
      if (resolved === null) {
        await invocation.reply(`This ${deps.channel.name} account is not allowed to use this agent.`);
        return true;
      }
      isolationKey = resolved;
    }
    try {
      await command.handle({
        channel: deps.channel.name,
        identity: invocation.identity,
        session: isolationKey || invocation.session ? { ...invocation.session, isolationKey, conversationId: invocation.conversationId } : undefined,
        args: parsed.args,
        rawEvent: invocation.rawEvent,
        reply: invocation.reply,
        run: deps.run,
      });
    } catch (error) {
      if (error instanceof HostError && error.status < 500) {
        await invocation.reply(error.message);
        return true;
      }
      deps.log.error(`${deps.channel.name}: command /${parsed.name} failed`, { error: String(error) });
      await invocation.reply(`The /${parsed.name} command failed. Try again later.`);
    }
    return true;
  };
}
