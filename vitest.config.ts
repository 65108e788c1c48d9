import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ["test/support/global-setup.ts"],
    // One fixed, printed fast-check seed for every property (FC_SEED=random or =<n> to change).
    setupFiles: ["test/support/fast-check-seed.ts"],
  },
});
