// Test runner config for the whole repository: runtime tests and channel templates tested in place.
// `agent-host-source` makes `import "agent-host"` resolve to runtime/src, so no build is needed.
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["agent-host-source"] },
  ssr: { resolve: { conditions: ["agent-host-source"] } },
  test: {
    include: ["runtime/test/**/*.test.ts", "templates/**/test/**/*.test.ts", "cli/test/**/*.test.ts", "test/**/*.test.ts", "generators/test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
