import { defineConfig } from "prisma/config";

// Only `prisma generate` uses the CLI; migrations run through src/db/migrator.ts (offline).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
