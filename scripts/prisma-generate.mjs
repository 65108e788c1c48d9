// Runs `prisma generate` without network access. Prisma's CLI wants a native schema-engine
// binary before `generate`, but generate never executes it; pointing the variable at any
// existing file stops the download (see README, "Prisma offline").
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const result = spawnSync(
  process.execPath,
  [fileURLToPath(new URL("../node_modules/prisma/build/index.js", import.meta.url)), "generate"],
  {
    cwd: root,
    stdio: "inherit",
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      CHECKPOINT_DISABLE: "1",
      PRISMA_ENGINES_CHECKSUM_IGNORE_MISSING: "1",
    },
  },
);
process.exit(result.status ?? 1);
