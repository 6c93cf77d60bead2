// --help and --version: the usage text is built from the catalog (ids, titles, hints), and the
// version comes from cli/package.json.
import { readFileSync } from "node:fs";
import { defaultAnswers } from "../../generators/answers.ts";
import { choices, describeChoices } from "./choices.ts";
import { PM_NAMES } from "./pm.ts";
import { DEFAULT_DIR } from "./target-dir.ts";

export function cliVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

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
    "Flags:",
    `  [dir]                 project directory (default with --yes: ${DEFAULT_DIR}); its name becomes the package name`,
    `  --target <id>         what the project hosts (default ${defaultAnswers.target}):`,
    ...describeChoices(choices.target, "                          "),
    `  --model <id>          model of the agent target (default ${defaultAnswers.model}):`,
    ...describeChoices(choices.model, "                          "),
    `  --channels <a,b>      one or more channels, comma-separated (default ${defaultAnswers.channels.join(",")}):`,
    ...describeChoices(choices.channels, "                          "),
    `  --auth <id>           auth profile (default ${defaultAnswers.auth}):`,
    ...describeChoices(choices.auth, "                          "),
    `  --storage <id>        where the host keeps its state (default ${defaultAnswers.storage}):`,
    ...describeChoices(choices.storage, "                          "),
    `  --pm <name>           package manager: ${PM_NAMES.join(", ")} (default: the one running this command)`,
    "  --install, --no-install   install dependencies after writing (default yes)",
    "  --git, --no-git       git init + initial commit; skipped inside an existing repository (default yes)",
    "  -y, --yes             take the defaults for everything not given; no questions, no confirmation",
    "  --force               write into a non-empty directory (files with the same paths are overwritten)",
    "  --dry-run             print the file tree (and a diff when the directory exists); write nothing",
    "  --json                print one JSON result on stdout (messages go to stderr); implies no questions",
    "  -h, --help            show this help",
    "  -v, --version         show the version",
    "",
    "Exit codes: 0 done · 1 failed (e.g. directory not empty, install failed) · 2 wrong or missing flags · 130 cancelled",
    "",
    "Example:",
    "  npm create agent-host@latest my-agent -- --target agent --model openai --channels responses --storage file --yes",
    "",
  ].join("\n");
}
