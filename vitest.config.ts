import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "packages/*/test/**/*.test.ts"],
    pool: "forks",
    // Ceilings, not expectations: on a loaded machine (2 cores shared, a CPU hog beside) a test
    // that passes in 3 s may need 40. Waits inside tests are event waits with their own ceilings.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    globalSetup: ["test/support/global-setup.ts"],
    // One fixed, printed fast-check seed for every property (FC_SEED=random or =<n> to change).
    setupFiles: ["test/support/fast-check-seed.ts"],
  },
});
