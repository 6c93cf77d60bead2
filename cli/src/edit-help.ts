// --help of the subcommands that edit an existing project: add-channel, remove-channel and diff, with
// the channel ids from the catalog.
import { choices, describeChoices } from "./choices.ts";
import type { EditCommand } from "./edit-flags.ts";

const COLUMN = 18;
const row = (flag: string, text: string) => `  ${flag.padEnd(COLUMN)}${text}`;

const ABOUT: Record<EditCommand, string[]> = {
  "add-channel": [
    "Adds channels to the project made by create-agent-host in this folder (or above it): the adapter",
    "and its tests, settings in .env.example (and .env), dependencies in package.json, README and",
    "AGENTS.md sections, and the import + `channels` entry in src/host.ts — your own edits stay.",
  ],
  "remove-channel": [
    "Undoes add-channel: files you have not edited since they were generated are deleted, edited ones",
    "are kept and reported (unless --force); settings, dependencies and docs go unless another channel",
    "needs them. The last channel of a project cannot be removed.",
  ],
  diff: ["Lists every generated file of the project and whether you have edited it since it was generated."],
};

export function editHelpText(command: EditCommand): string {
  const ids = command === "diff" ? "" : " <channel…>";
  const lines = [
    `Usage: create-agent-host ${command}${ids} [flags]   (inside a project: npm run agent-host -- ${command}${ids})`,
    "",
    ...ABOUT[command],
    "",
    "Flags:",
    row("--dir <folder>", "the project (default: this folder, or the closest parent with agent-host.json)"),
  ];
  if (command !== "diff") {
    lines.push(
      row("-y, --yes", "write without asking (needed without a terminal)"),
      row("--dry-run", "show the changes, write nothing"),
      row("--force", command === "add-channel" ? "replace files of yours that have a channel file's path" : "delete edited files too"),
    );
  }
  lines.push(row("--json", "print one JSON result on stdout (messages go to stderr)"), row("-h, --help", "show this help"));
  if (command !== "diff") lines.push("", "Channels:", ...describeChoices(choices.channels));
  lines.push("", "Results: none (nothing to do) · updated · cancelled · failure (nothing written). Exit codes: 0 · 1 failure · 2 wrong or missing flags · 130 cancelled", "");
  return lines.join("\n");
}
