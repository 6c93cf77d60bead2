// The user's own `.env` (never generated, git-ignored): settings of an added channel are appended in
// the `.env.example` format; on removal only the lines added that way, still unfilled, go away.
import type { EnvVar } from "./catalog.ts";
import { envAssignment, envComment } from "./project-text.ts";

export interface EnvMerge {
  text: string;
  /** Names appended or removed. */
  changed: string[];
  /** Names left alone, with the reason. */
  notes: string[];
}

/** Whether a line sets `name` (commented out or not), e.g. `FOO=1`, `export FOO=1`, `# FOO=`. */
function setsName(line: string, name: string): boolean {
  return new RegExp(`^\\s*(#\\s*)?(export\\s+)?${name}\\s*=`).test(line);
}

/** Appends each variable `dotenv` does not mention yet, with its help comment. */
export function addEnvVars(dotenv: string, vars: readonly EnvVar[]): EnvMerge {
  const lines = dotenv.split("\n");
  const missing = vars.filter((envVar) => !lines.some((line) => setsName(line, envVar.name)));
  if (missing.length === 0) return { text: dotenv, changed: [], notes: [] };
  const blocks = missing.map((envVar) => `\n${envComment(envVar)}\n${envAssignment(envVar)}\n`).join("");
  const text = dotenv === "" || dotenv.endsWith("\n") ? dotenv : `${dotenv}\n`;
  return { text: `${text}${blocks}`, changed: missing.map((envVar) => envVar.name), notes: [] };
}

/** Removes each variable's lines as `addEnvVars` wrote them (with the blank line before); a filled-in value stays and is reported. */
export function removeEnvVars(dotenv: string, vars: readonly EnvVar[]): EnvMerge {
  const lines = dotenv.split("\n");
  const changed: string[] = [];
  const notes: string[] = [];
  for (const envVar of vars) {
    const [comment, assignment] = [envComment(envVar), envAssignment(envVar)];
    const at = lines.findLastIndex((line, index) => line === comment && lines[index + 1] === assignment);
    if (at >= 0) {
      const from = at > 0 && lines[at - 1] === "" ? at - 1 : at;
      lines.splice(from, at + 2 - from);
      changed.push(envVar.name);
    } else if (lines.some((line) => setsName(line, envVar.name))) {
      notes.push(`.env: kept ${envVar.name}; it has your value. Delete the line if nothing else uses it.`);
    }
  }
  return { text: lines.join("\n"), changed, notes };
}
