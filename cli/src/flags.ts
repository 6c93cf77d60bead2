// Command-line flags: node:util parseArgs, then every value checked against the catalog; a wrong
// value is a UsageError (exit 2) that lists the valid ones — never a silent fallback to a default.
import { parseArgs } from "node:util";
import type { AuthId, ChannelId, ModelId, StorageId, TargetId } from "../../generators/catalog.ts";
import { type Choice, choices, describeChoices, usesModel } from "./choices.ts";
import { UsageError } from "./_errors.ts";
import { PM_NAMES, type PmName, isPmName } from "./pm.ts";

export interface Flags {
  dir?: string;
  target?: TargetId;
  model?: ModelId;
  channels?: ChannelId[];
  auth?: AuthId;
  storage?: StorageId;
  pm?: PmName;
  install?: boolean;
  git?: boolean;
  yes: boolean;
  force: boolean;
  dryRun: boolean;
  json: boolean;
  help: boolean;
  version: boolean;
}

const options = {
  target: { type: "string" },
  channels: { type: "string", multiple: true },
  model: { type: "string" },
  auth: { type: "string" },
  storage: { type: "string" },
  pm: { type: "string" },
  install: { type: "boolean" },
  git: { type: "boolean" },
  yes: { type: "boolean", short: "y" },
  force: { type: "boolean" },
  "dry-run": { type: "boolean" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, allowNegative: true, strict: true });
  } catch (error) {
    // parseArgs says e.g. "Unknown option '--chanels'"; add where to look.
    throw new UsageError(`${(error as Error).message}. Run with --help to see the flags.`);
  }
}

function pick<Id extends string>(flag: string, value: string | undefined, list: readonly Choice<Id>[]): Id | undefined {
  if (value === undefined) return undefined;
  const found = list.find((choice) => choice.id === value);
  if (found) return found.id;
  throw new UsageError([`Unknown value "${value}" for --${flag}. Valid values:`, ...describeChoices(list)].join("\n"));
}

function pickChannels(values: string[] | undefined): ChannelId[] | undefined {
  if (values === undefined) return undefined;
  const ids = values.flatMap((value) => value.split(",")).map((id) => id.trim()).filter(Boolean);
  if (ids.length === 0) throw new UsageError(["--channels needs at least one channel id, comma-separated. Valid ids:", ...describeChoices(choices.channels)].join("\n"));
  const unknown = ids.filter((id) => !choices.channels.some((choice) => choice.id === id));
  if (unknown.length > 0) {
    const names = unknown.map((id) => `"${id}"`).join(", ");
    throw new UsageError([`Unknown channel ${names} in --channels. Valid channel ids:`, ...describeChoices(choices.channels)].join("\n"));
  }
  return [...new Set(ids as ChannelId[])];
}

function pickPm(value: string | undefined): PmName | undefined {
  if (value === undefined || isPmName(value)) return value;
  throw new UsageError(`Unknown package manager "${value}" for --pm. Valid values: ${PM_NAMES.join(", ")}.`);
}

/** Parses and validates argv (without the node and script paths). Throws UsageError. */
export function parseFlags(argv: string[]): Flags {
  const { values, positionals } = parse(argv);
  if (positionals.length > 1) {
    throw new UsageError(`Expected one project directory, got ${positionals.length}: ${positionals.join(" ")}. Quote a path that contains spaces.`);
  }
  const flags: Flags = {
    dir: positionals[0],
    target: pick("target", values.target, choices.target),
    model: pick("model", values.model, choices.model),
    channels: pickChannels(values.channels),
    auth: pick("auth", values.auth, choices.auth),
    storage: pick("storage", values.storage, choices.storage),
    pm: pickPm(values.pm),
    install: values.install,
    git: values.git,
    yes: values.yes ?? false,
    force: values.force ?? false,
    dryRun: values["dry-run"] ?? false,
    json: values.json ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
  };
  if (flags.target && flags.model && flags.model !== "none" && !usesModel(flags.target)) {
    throw new UsageError(`--model ${flags.model} does not apply to --target ${flags.target}: only targets with a model take --model. Drop --model or choose --target agent.`);
  }
  return flags;
}
