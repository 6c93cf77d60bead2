// Built-in chat commands: `new` starts a fresh host-tracked conversation; with a linker configured,
// `link` (begin, or finish with a code) and `unlink` join or split a person's channel identities.
import type { ChannelCommand } from "../channel/types.ts";
import { unlinkAndEvict } from "../delivery/unlink.ts";
import type { IdentityLinker } from "../identity/types.ts";
import { rotateGroupSession, rotateSessionAlias } from "../session/resolve.ts";
import type { HostStateStore } from "../stores/types.ts";
import { HostError } from "./errors.ts";

export function builtInCommands(store: HostStateStore, linker?: IdentityLinker): ChannelCommand[] {
  const reset: ChannelCommand = {
    name: "new",
    description: "Start a new conversation",
    argument: false,
    async handle(context) {
      const isolationKey = context.session?.isolationKey;
      const groupKey = context.session?.key;
      if (groupKey) {
        // In a group: the group's conversation (shared or per user, as the channel keys it).
        await rotateGroupSession(store, groupKey, isolationKey);
        return context.reply("Started a new conversation in this chat. Earlier messages are kept but no longer used.");
      }
      if (!isolationKey) return context.reply("This chat has no conversation to reset.");
      await rotateSessionAlias(store, isolationKey);
      await context.reply("Started a new conversation. Earlier messages are kept but no longer used.");
    },
  };
  if (!linker) return [reset];
  const link: ChannelCommand = {
    name: "link",
    description: "Link this account with your other channels",
    argument: { name: "code", description: "The code your other channel showed (leave empty to get one)" },
    async handle(context) {
      if (!context.identity) return context.reply("Linking needs a signed-in user; this chat has none.");
      try {
        if (context.args.trim()) {
          await linker.complete(context.identity, context.args);
          return context.reply("Linked. This channel now shares your conversations and identity.");
        }
        await context.reply((await linker.begin(context.identity)).instructions);
      } catch (error) {
        if (error instanceof HostError) return context.reply(error.message);
        throw error;
      }
    },
  };
  const unlink: ChannelCommand = {
    name: "unlink",
    description: "Unlink this channel from your other channels",
    argument: false,
    async handle(context) {
      if (!context.identity) return context.reply("This chat has no signed-in user to unlink.");
      await unlinkAndEvict(store, context.identity); // and forget where it was seen: no later push reaches it
      await context.reply("Unlinked. This channel now has its own identity and conversations.");
    },
  };
  return [reset, link, unlink];
}
