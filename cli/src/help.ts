// --help and --version: the usage text is built from the catalog (ids, titles, hints), and the
// version comes from cli/package.json (baked into the published bundle).
import { readFileSync } from "node:fs";
import { baked } from "../../generators/_baked.ts";
import { defaultAnswers } from "../../generators/answers.ts";
import { choices, describeChoices } from "./choices.ts";
import { PM_NAMES } from "./pm.ts";
import { DEFAULT_DIR } from "./target-dir.ts";

export function cliVersion(): string {
  if (baked) return baked.cliVersion;
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

const COLUMN = 26;
const row = (flag: string, text: string) => `  ${flag.padEnd(COLUMN)}${text}`;
const values = (list: Parameters<typeof describeChoices>[0]) => describeChoices(list, " ".repeat(COLUMN + 4));

export function helpText(): string {
  return [
    `create-agent-host ${cliVersion()} — one AI agent on many channels, from one Hono app.`,
    "",
    "Usage:",
    "  npm create agent-host@latest [dir] -- [flags]",
    "  pnpm create agent-host [dir] [flags]    (yarn and bun alike)",
    "",
    "Without a terminal (CI, coding agents) every answer must come from a flag, or add --yes.",
    "",
    "In an existing project (see `create-agent-host <command> --help`):",
    "  create-agent-host add-channel <id…>      add channels: files, settings, dependencies, docs, src/host.ts",
    "  create-agent-host remove-channel <id…>   remove them again; files you edited are kept",
    "  create-agent-host diff                   which generated files you have edited",
    "",
    "Flags:",
    row("[dir]", `project directory (default with --yes: ${DEFAULT_DIR}); its name becomes the package name`),
    row("--target <id>", `what the project hosts (default ${defaultAnswers.target}):`),
    ...values(choices.target),
    row("--model <id>", `model of the agent target (default ${defaultAnswers.model}):`),
    ...values(choices.model),
    row("--channels <a,b>", `one or more channels, comma-separated (default ${defaultAnswers.channels.join(",")}):`),
    ...values(choices.channels),
    row("--auth <id>", `auth profile (default ${defaultAnswers.auth}):`),
    ...values(choices.auth),
    row("--storage <id>", `where the host keeps its state (default ${defaultAnswers.storage}):`),
    ...values(choices.storage),
    row("--pm <name>", `package manager: ${PM_NAMES.join(", ")} (default: the one running this command)`),
    row("--install, --no-install", "install dependencies after writing (default yes)"),
    row("--git, --no-git", "git init + initial commit; skipped inside an existing repository (default yes)"),
    row("-y, --yes", "take the defaults for everything not given; no questions, no confirmation"),
    row("--force", "write into a non-empty directory (files with the same paths are overwritten)"),
    row("--dry-run", "print the file tree (and a diff when the directory exists); write nothing"),
    row("--json", "print one JSON result on stdout (messages go to stderr); implies no questions"),
    row("-h, --help", "show this help"),
    row("-v, --version", "show the version"),
    "",
    "Exit codes: 0 done · 1 failed (e.g. directory not empty, install failed) · 2 wrong or missing flags · 130 cancelled",
    "",
    "Example:",
    "  npm create agent-host@latest my-agent -- --target agent --model openai --channels responses --storage file --yes",
    "",
  ].join("\n");
}
