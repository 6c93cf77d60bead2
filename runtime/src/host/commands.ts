// Built-in chat commands every host offers: `new` starts a fresh host-tracked conversation.
// Linking commands (`link`, `unlink`) join when an identity linker is configured.
import type { ChannelCommand } from "../channel/types.ts";
import { rotateSessionAlias } from "../session/resolve.ts";
import type { HostStateStore } from "../stores/types.ts";

export function builtInCommands(store: HostStateStore): ChannelCommand[] {
  return [
    {
      name: "new",
      description: "Start a new conversation",
      async handle(context) {
        const isolationKey = context.session?.isolationKey;
        if (!isolationKey) {
          await context.reply("This chat has no conversation to reset.");
          return;
        }
        await rotateSessionAlias(store, isolationKey);
        await context.reply("Started a new conversation. Earlier messages are kept but no longer used.");
      },
    },
  ];
}
