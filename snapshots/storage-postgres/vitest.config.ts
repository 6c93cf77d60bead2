// Test runner config: vitest runs the TypeScript tests in test/ as they are, with no build step.
// Each channel has its own test file; test/host.test.ts checks the wiring in src/host.ts.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
