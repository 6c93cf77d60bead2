// What happens after the deferred response: /ask runs the agent and answers through the interaction's
// webhook (streamed by edits, split at 2000 characters); other slash commands run as host commands.
import { answerChat, createChannelRequest, groupSessionKey, splitMessage, type ChannelContext, type ChannelIdentity, type ConversationScope } from "agent-host";
import type { SlashCommandInteraction } from "./discord-interaction.ts";
import { interactionSink, type InteractionSink } from "./discord-reply.ts";
import { MESSAGE_LIMIT, type DiscordRest } from "./discord-rest.ts";

export interface TurnDeps {
  ctx: ChannelContext;
  rest: DiscordRest;
  /** The channel's name, in identities and logs. */
  name: string;
  conversationScope?: ConversationScope;
  editIntervalMs?: number;
}

/** Runs `/ask prompt:<text>`: the agent's answer replaces the "thinking…" message. Never throws. */
export async function askAgent(deps: TurnDeps, interaction: SlashCommandInteraction, prompt: string): Promise<void> {
  const sink = interactionSink(deps.rest, interaction.token);
  const { user, channelId, isGroup } = interaction;
  // Server channels get a conversation per user and channel (groupSessionKey); DMs the user's own one.
  const key = groupSessionKey(deps.conversationScope, { channel: deps.name, userKey: user.id, conversationId: channelId, isGroup });
  const request = createChannelRequest({
    channel: deps.name,
    input: prompt,
    identity: identityOf(deps.name, interaction),
    conversationId: channelId,
    ...(key ? { session: { key } } : {}),
  });
  try {
    const answer = await answerChat(deps.ctx, request, sink, { isGroup, editIntervalMs: deps.editIntervalMs, protocolRequest: interaction.raw });
    await sink.finish(answer.status === "deferred" ? "Working on it: the answer will come in a separate message." : "(No answer.)");
  } catch (error) {
    await reportFailure(deps, sink, `/${interaction.name}`, error);
  }
}

/** Runs a host command (`/new`, `/link code:…`, your own); its replies replace the "thinking…" message. Never throws. */
export async function runCommand(deps: TurnDeps, interaction: SlashCommandInteraction): Promise<void> {
  // In server channels command replies are ephemeral (the deferral said so): keep followups private too.
  const sink = interactionSink(deps.rest, interaction.token, { ephemeral: interaction.isGroup });
  const args = Object.values(interaction.options).join(" ");
  // The same conversation `/ask` uses here, so `/new` in a server channel resets that one.
  const { user, channelId, isGroup } = interaction;
  const key = groupSessionKey(deps.conversationScope, { channel: deps.name, userKey: user.id, conversationId: channelId, isGroup });
  try {
    const handled = await deps.ctx.command({
      text: `/${interaction.name} ${args}`.trim(),
      identity: identityOf(deps.name, interaction),
      conversationId: interaction.channelId,
      ...(key ? { session: { key } } : {}),
      rawEvent: interaction.raw,
      reply: async (text) => {
        for (const chunk of splitMessage(text, MESSAGE_LIMIT)) await sink.send(chunk);
      },
    });
    await sink.finish(handled ? "Done." : `/${interaction.name} is not a command of this host.`);
  } catch (error) {
    await reportFailure(deps, sink, `/${interaction.name}`, error);
  }
}

/** The user, with where to push to later (the server channel, or a DM when there is no server). */
function identityOf(name: string, interaction: SlashCommandInteraction): ChannelIdentity {
  const { user, channelId, guildId } = interaction;
  return { channel: name, nativeId: user.id, displayName: user.name, attributes: { channelId, ...(guildId ? { guildId } : {}) } };
}

async function reportFailure(deps: TurnDeps, sink: InteractionSink, command: string, error: unknown): Promise<void> {
  deps.ctx.log.error(`${deps.name}: ${command} failed`, { error: error instanceof Error ? error.message : String(error) });
  try {
    await sink.send("Sorry, something went wrong. Please try again later."); // replaces "thinking…", or follows a partial answer
  } catch {
    // The interaction token expired (15 minutes) or Discord is unreachable: nothing more to tell the user.
  }
}
