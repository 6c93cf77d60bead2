// Whether to ask questions: only with a terminal, without --yes and --json. Coding agents are detected
// from their environment variables so failures can hand them the one-line non-interactive command.
import type { Io } from "./_io.ts";

/** Environment variables set by coding agents (the same idea as @vercel/detect-agent). */
const AGENT_ENV = ["AI_AGENT", "CLAUDECODE", "CURSOR_AGENT", "GEMINI_CLI", "CODEX_SANDBOX", "OPENCODE"];

export function isCodingAgent(env: Io["env"]): boolean {
  return AGENT_ENV.some((name) => Boolean(env[name]));
}

export function isInteractive(io: Io, flags: { yes: boolean; json: boolean }): boolean {
  return io.isTTY && !flags.yes && !flags.json && !isCodingAgent(io.env);
}
