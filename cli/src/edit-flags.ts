// Flags of the subcommands that edit an existing project (add-channel, remove-channel, diff): channel
// ids as arguments, checked against the catalog; a wrong id or flag is a UsageError (exit 2).
import { parseArgs } from "node:util";
import type { ChannelId } from "../../generators/catalog.ts";
import { UsageError } from "./_errors.ts";
import { choices, describeChoices } from "./choices.ts";

export const EDIT_COMMANDS = ["add-channel", "remove-channel", "diff"] as const;
export type EditCommand = (typeof EDIT_COMMANDS)[number];

export function isEditCommand(value: string | undefined): value is EditCommand {
  return (EDIT_COMMANDS as readonly string[]).includes(value ?? "");
}

export interface EditFlags {
  command: EditCommand;
  /** Channel ids in the order given, without duplicates (empty: ask at a terminal). */
  ids: ChannelId[];
  dir?: string;
  yes: boolean;
  force: boolean;
  dryRun: boolean;
  json: boolean;
  help: boolean;
}

const options = {
  dir: { type: "string" },
  yes: { type: "boolean", short: "y" },
  force: { type: "boolean" },
  "dry-run": { type: "boolean" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

function channelIds(command: EditCommand, values: string[]): ChannelId[] {
  const ids = values.flatMap((value) => value.split(",")).map((id) => id.trim()).filter(Boolean);
  if (command === "diff" && ids.length > 0) throw new UsageError(`diff takes no arguments (got ${ids.join(" ")}); name the project folder with --dir.`);
  const unknown = ids.filter((id) => !choices.channels.some((choice) => choice.id === id));
  if (unknown.length > 0) {
    const names = unknown.map((id) => `"${id}"`).join(", ");
    throw new UsageError([`Unknown channel ${names}. Valid channel ids:`, ...describeChoices(choices.channels)].join("\n"));
  }
  return [...new Set(ids as ChannelId[])];
}

/** Parses the arguments after the subcommand name. */
export function parseEditFlags(command: EditCommand, argv: string[]): EditFlags {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. Run \`create-agent-host ${command} --help\` to see the flags.`);
  }
  const { values, positionals } = parsed;
  return {
    command,
    ids: channelIds(command, positionals),
    dir: values.dir,
    yes: values.yes ?? false,
    force: values.force ?? false,
    dryRun: values["dry-run"] ?? false,
    json: values.json ?? false,
    help: values.help ?? false,
  };
}
