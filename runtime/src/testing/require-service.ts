// Tests that need a real service (PostgreSQL, Redis) probe it first: when it is down they are skipped
// with a printed reason, unless AGENT_HOST_REQUIRE_SERVICES=1 (CI), where a missing service fails the run.

export interface RequireServiceOptions {
  /** How long the probe may take before the service counts as down. Default 3000 ms. */
  timeoutMs?: number;
}

/**
 * Runs `probe` and resolves true when it succeeds. When it fails, warns and resolves false (use it with
 * `describe.skipIf(!available)`), or throws a clear error when `AGENT_HOST_REQUIRE_SERVICES` is `"1"`.
 */
export async function requireService(name: string, probe: () => Promise<unknown>, options: RequireServiceOptions = {}): Promise<boolean> {
  const timeoutMs = options.timeoutMs ?? 3000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return true;
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/\.$/, "");
    if (process.env.AGENT_HOST_REQUIRE_SERVICES === "1") {
      throw new Error(
        `${name} is required (AGENT_HOST_REQUIRE_SERVICES=1) but not reachable: ${reason}. Start it, or unset AGENT_HOST_REQUIRE_SERVICES to skip these tests.`,
      );
    }
    console.warn(`Skipping the ${name} tests: ${name} is not reachable (${reason}). Set AGENT_HOST_REQUIRE_SERVICES=1 to fail instead.`);
    return false;
  } finally {
    clearTimeout(timer);
  }
}
