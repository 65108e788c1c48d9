import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Marks a data directory as the demo's own, so --reset never wipes anything else. */
export const DEMO_MARKER_FILE = ".tandang-demo";

export class DemoDataDirError extends Error {
  override name = "DemoDataDirError";
}

/**
 * Makes `dataDir` ready for the demo: refuses a non-empty directory the demo did not create
 * (someone's real DATA_DIR), wipes the demo's own one on reset, and marks it as the demo's.
 */
export function prepareDemoDataDir(dataDir: string, reset: boolean): void {
  const marker = join(dataDir, DEMO_MARKER_FILE);
  const occupied = existsSync(dataDir) && readdirSync(dataDir).length > 0;
  if (occupied && !existsSync(marker)) {
    throw new DemoDataDirError(
      `${dataDir} holds files that are not the demo's; choose another directory with DEMO_DATA_DIR`,
    );
  }
  if (reset && occupied) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(marker)) {
    writeFileSync(marker, "Tandang demo data: `npm run demo -- --reset` deletes this folder.\n");
  }
}
