// The update notice: at launch ask the registry for create-agent-host's `latest` (1 s at most), and at
// the end print one line if a newer version is out. Never waits for the answer; skipped in CI and the checkout.
import type { Io } from "./_io.ts";
import { compareVersions } from "./_semver.ts";

export const PACKAGE_NAME = "create-agent-host";
export const DEFAULT_REGISTRY = "https://registry.npmjs.org/";
/** How long the lookup may take; a slower registry means no notice, never a slower CLI. */
export const LOOKUP_TIMEOUT_MS = 1000;

export interface UpdateCheckOptions {
  /** Registry base URL, with or without a trailing slash (it may have a path, e.g. a proxy's `/npm/`). */
  registry: string;
  /** The running version. */
  current: string;
  /** Aborts the lookup (the caller adds its own timeout, or uses `AbortSignal.timeout`). */
  signal?: AbortSignal;
}

/** `<registry>/create-agent-host/latest` for a registry base URL. */
export function latestUrl(registry: string): URL {
  return new URL(`${PACKAGE_NAME}/latest`, registry.endsWith("/") ? registry : `${registry}/`);
}

/**
 * The `latest` version on the registry when it is newer than `current`, else undefined: also when
 * the registry is unreachable, slow (aborted), answers an error or something that is not a version.
 */
export async function checkForUpdate({ registry, current, signal }: UpdateCheckOptions): Promise<string | undefined> {
  try {
    const response = await fetch(latestUrl(registry), { headers: { accept: "application/json" }, signal: signal ?? null });
    if (!response.ok) {
      await response.body?.cancel();
      return undefined;
    }
    const { version } = (await response.json()) as { version?: unknown };
    return typeof version === "string" && compareVersions(version, current) > 0 ? version : undefined;
  } catch {
    return undefined;
  }
}

/** The one line the CLI prints when `latest` is newer than `current`. */
export function updateLine(latest: string, current: string): string {
  return `A newer ${PACKAGE_NAME} is available: ${current} → ${latest}. Run \`npm create agent-host@latest\` to use it.`;
}

/** Why no lookup is made for this run, or undefined when one is. */
export function skipReason(io: Pick<Io, "env" | "isTTY">, fromCheckout: boolean): string | undefined {
  if (io.env.CI) return "CI is set";
  if (io.env.NO_UPDATE_NOTIFIER) return "NO_UPDATE_NOTIFIER is set";
  if (!io.isTTY) return "no terminal";
  if (fromCheckout) return "running from the repository";
  return undefined;
}

export interface UpdateNotice {
  /** The line to print if the registry's answer has arrived and is newer; stops a lookup still running. */
  take(): string | undefined;
}

const none: UpdateNotice = { take: () => undefined };

/** Starts the lookup now (unless skipped); `take()` at the end never waits for it. */
export function startUpdateCheck(io: Pick<Io, "env" | "isTTY">, options: { current: string; fromCheckout: boolean }): UpdateNotice {
  if (skipReason(io, options.fromCheckout) !== undefined) return none;
  const stop = new AbortController();
  const signal = AbortSignal.any([stop.signal, AbortSignal.timeout(LOOKUP_TIMEOUT_MS)]);
  let latest: string | undefined;
  // npm sets npm_config_registry for `npm create`; pnpm, yarn and bun read their own settings.
  const registry = io.env.npm_config_registry || DEFAULT_REGISTRY;
  void checkForUpdate({ registry, current: options.current, signal }).then((version) => (latest = version));
  return {
    take() {
      // An unanswered request would keep the process alive until its timeout: end it now.
      stop.abort();
      return latest === undefined ? undefined : updateLine(latest, options.current);
    },
  };
}
