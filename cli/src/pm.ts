// Package managers: the default comes from the user agent that ran `npm/pnpm/yarn/bun create`, else
// from lockfiles above the working directory, else npm; commands come from package-manager-detector.
import type { Agent, Command } from "package-manager-detector";
import { resolveCommand } from "package-manager-detector/commands";
import { detect, normalizeAgentVersion, resolveAgent } from "package-manager-detector/detect";

export const PM_NAMES = ["npm", "pnpm", "yarn", "bun"] as const;
export type PmName = (typeof PM_NAMES)[number];

export interface PackageManager {
  name: PmName;
  /** The command set to use (`yarn@berry` for Yarn 2+, `pnpm@6` for old pnpm). */
  agent: Agent;
}

export function isPmName(value: string): value is PmName {
  return (PM_NAMES as readonly string[]).includes(value);
}

function fromNameAndVersion(name: string, version?: string): PackageManager | undefined {
  if (!isPmName(name)) return undefined;
  const resolved = resolveAgent(name, normalizeAgentVersion(version));
  return { name, agent: resolved?.agent ?? name };
}

/** The package manager this run was started with, or the one of the surrounding project, or npm. */
export async function detectPackageManager(env: Record<string, string | undefined>, cwd: string): Promise<PackageManager> {
  // `npm_config_user_agent` looks like "pnpm/9.12.0 npm/? node/v22.18.0 linux x64".
  const userAgent = env.npm_config_user_agent?.split(" ")[0]?.split("/");
  const fromAgent = userAgent ? fromNameAndVersion(userAgent[0] ?? "", userAgent[1]) : undefined;
  if (fromAgent) return fromAgent;
  const found = await detect({ cwd }).catch(() => null);
  return (found && fromNameAndVersion(found.name, found.version)) || { name: "npm", agent: "npm" };
}

/** The package manager for a `--pm` value: keeps the detected flavour (Yarn Berry …) when the names match. */
export function packageManagerFor(name: PmName, detected: PackageManager): PackageManager {
  return detected.name === name ? detected : { name, agent: name };
}

/** A command of the package manager as `{ command, args }`; install/run exist for every agent. */
export function pmCommand(pm: PackageManager, command: Command, args: string[] = []): { command: string; args: string[] } {
  const resolved = resolveCommand(pm.agent, command, args);
  if (!resolved) throw new Error(`${pm.name} has no "${command}" command`);
  return resolved;
}

/** The same command as one line for people to copy. */
export function pmCommandLine(pm: PackageManager, command: Command, args: string[] = []): string {
  const { command: bin, args: all } = pmCommand(pm, command, args);
  return [bin, ...all].join(" ");
}

/** How a person runs this scaffolder with the package manager (`npm create` needs `--` before flags). */
export function createCommandLine(pm: PmName): { command: string; flagSeparator: boolean } {
  if (pm === "npm") return { command: "npm create agent-host@latest", flagSeparator: true };
  return { command: `${pm} create agent-host`, flagSeparator: false };
}
