import fc from "fast-check";
import { expect } from "vitest";

/**
 * Every fast-check run in the suite uses one seed, fixed unless asked otherwise, and prints it:
 *   npm test                      the fixed seed below (CI and a fresh clone see the same runs)
 *   FC_SEED=random npm test       a new random seed, printed, to look for new failures
 *   FC_SEED=123456 npm test       replays a printed seed
 * A failure found with a random seed is committed as a regression case next to its property
 * (fast-check `examples`, or a plain test), then the fixed seed stays as it is.
 */
export const FIXED_SEED = 20_261_124;

export function seedFromEnvironment(value: string | undefined): number {
  if (value === undefined || value.trim() === "") return FIXED_SEED;
  if (value.trim() === "random") return (Math.random() * 2 ** 31) | 0;
  const seed = Number(value);
  if (!Number.isSafeInteger(seed)) {
    throw new Error(`FC_SEED must be "random" or an integer, got "${value}"`);
  }
  return seed;
}

const seed = seedFromEnvironment(process.env.FC_SEED);

fc.configureGlobal({
  seed,
  // Reporting replaces fast-check's own throw: print the seed of every run, then fail as it would.
  reporter: (details) => {
    const test = expect.getState().currentTestName ?? "(outside a test)";
    const outcome = details.failed ? "FAILED" : "passed";
    process.stdout.write(
      `fast-check: seed ${details.seed}, ${details.numRuns} runs, ${outcome} — ${test}` +
        `${details.failed ? ` (replay: FC_SEED=${details.seed})` : ""}\n`,
    );
    if (details.failed) {
      throw new Error(fc.defaultReportMessage(details), { cause: details.errorInstance });
    }
  },
});
