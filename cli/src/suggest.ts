// What to tell someone (or a coding agent) without a terminal: which flags are missing, and the one
// command line that would create the project without a single question.
import { choices, usesModel } from "./choices.ts";
import { createCommandLine } from "./pm.ts";
import type { SettingKey, Settings } from "./settings.ts";

const ids = (list: readonly { id: string }[], separator = "|") => list.map((choice) => choice.id).join(separator);

const USAGE: Record<SettingKey, string> = {
  dir: "<dir>                 the project directory, as the first argument",
  target: `--target <${ids(choices.target)}>`,
  model: `--model <${ids(choices.model)}>`,
  channels: `--channels <${ids(choices.channels, ",")}>   one or more, comma-separated`,
  auth: `--auth <${ids(choices.auth)}>`,
  storage: `--storage <${ids(choices.storage)}>`,
  pm: "--pm <npm|pnpm|yarn|bun>",
  install: "--install or --no-install",
  git: "--git or --no-git",
};

/** The flags of a complete set of settings, as they would be typed. */
export function settingsArgs(settings: Settings): string[] {
  const args = [`--target ${settings.target}`];
  if (usesModel(settings.target)) args.push(`--model ${settings.model}`);
  args.push(`--channels ${settings.channels.join(",")}`, `--auth ${settings.auth}`, `--storage ${settings.storage}`);
  args.push(settings.install ? "--install" : "--no-install", settings.git ? "--git" : "--no-git");
  return args;
}

/** `npm create agent-host@latest my-app -- --target …` (or `npm run create -- …` inside this repository). */
export function oneLineCommand(settings: Settings, fromRepo: boolean): string {
  const dir = /\s/.test(settings.dir) ? JSON.stringify(settings.dir) : settings.dir;
  if (fromRepo) return ["npm run create --", dir, ...settingsArgs(settings)].join(" ");
  const { command, flagSeparator } = createCommandLine(settings.pm);
  return [command, dir, ...(flagSeparator ? ["--"] : []), ...settingsArgs(settings)].join(" ");
}

export function missingAnswersMessage(open: SettingKey[], example: string): string {
  return [
    `Missing ${open.length === 1 ? "an answer" : "answers"}, and there is no terminal to ask (stdin is not a TTY, or a coding agent runs this):`,
    ...open.map((key) => `  ${USAGE[key]}`),
    "Pass them as flags, or add --yes to take the defaults for anything not given. To create the project in one go:",
    `  ${example}`,
  ].join("\n");
}
