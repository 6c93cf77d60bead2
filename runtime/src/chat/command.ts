// Chat commands as users type them: `/new`, `/link 482931`, `/new@MyBot` in a Telegram group, or a
// Discord slash command's name and options. `parseCommand` finds the name; ChannelContext.command runs it.

export interface ParsedCommand {
  /** Lower-case command name without the slash ("link"). */
  name: string;
  /** Everything after the name, trimmed ("482931"). */
  args: string;
}

/**
 * Reads `/name args` from the start of a message. A `/name@bot` suffix must name this bot when
 * `botUsername` is given (Telegram groups address commands that way); otherwise it is not ours.
 */
export function parseCommand(text: string, botUsername?: string): ParsedCommand | undefined {
  const match = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{1,64}))?(?:\s+([\s\S]*))?$/u.exec(text.trim());
  if (!match) return undefined;
  const [, name = "", addressee, args = ""] = match;
  if (addressee && botUsername && addressee.toLowerCase() !== botUsername.toLowerCase()) return undefined;
  return { name: name.toLowerCase(), args: args.trim() };
}
