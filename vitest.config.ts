import { availableParallelism } from "node:os";
import { configDefaults, defineConfig } from "vitest/config";

// Ceilings, not expectations: on a loaded machine (2 cores shared, a CPU hog beside) a test
// that passes in 3 s may need 40. Waits inside tests are event waits with their own ceilings.
const common = {
  pool: "forks" as const,
  testTimeout: 120_000,
  hookTimeout: 180_000,
  // One fixed, printed fast-check seed for every property (FC_SEED=random or =<n> to change).
  setupFiles: ["test/support/fast-check-seed.ts"],
};

export default defineConfig({
  test: {
    // Once per run, for both projects: the embedded PostgreSQL server and the migrated template.
    globalSetup: ["test/support/global-setup.ts"],
    // One test file per core (vitest's default is one fewer: a single worker on a 2-core machine).
    // Most of a file's time is waiting on the bot, the fake Bot API and PostgreSQL (its own
    // processes), so the cores are not saturated: 472 s → 312 s for the whole suite here.
    maxWorkers: availableParallelism(),
    projects: [
      {
        // Feature tests (mostly the in-process harness) share one module graph per worker: the
        // app is imported once per worker instead of once per file (about 3x faster for these
        // files). So no vi.mock / vi.stubGlobal here, and a test restores what it changes.
        test: {
          ...common,
          name: "features",
          include: ["test/features/**/*.test.ts"],
          isolate: false,
        },
      },
      {
        test: {
          ...common,
          name: "isolated",
          include: ["test/**/*.test.ts", "packages/*/test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "test/features/**"],
        },
      },
    ],
  },
});
