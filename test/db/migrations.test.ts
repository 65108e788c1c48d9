import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import {
  defaultMigrationsDir,
  defaultSchemaPath,
  diffMigrationsToSchema,
  migrateDatabase,
} from "../../src/db/migrator.ts";
import { createTestDatabase } from "../support/test-database.ts";

describe("migrations", () => {
  let db: Database;
  // The diff replays the migrations into a shadow database that the schema engine creates
  // (and drops) on the server, as `npm run db:diff` does on a throwaway embedded server.
  let shadowHost: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
    shadowHost = await createTestDatabase({ empty: true });
  });
  afterAll(async () => {
    await db.close();
    await shadowHost.close();
  });

  it("agree with schema.prisma", async () => {
    const drift = await shadowHost.withMigrationAdapter((factory) =>
      diffMigrationsToSchema(factory),
    );
    expect(drift).toBe("");
  });

  it("catch a schema.prisma that has changed without a migration", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tandang-drift-"));
    try {
      const schemaPath = join(dir, "schema.prisma");
      const changed = readFileSync(defaultSchemaPath, "utf8").replace(
        "model Feedback {",
        "model Feedback {\n  wouldRecommend Boolean?",
      );
      writeFileSync(schemaPath, changed);
      const drift = await shadowHost.withMigrationAdapter((factory) =>
        diffMigrationsToSchema(factory, { schemaPath, migrationsDir: defaultMigrationsDir }),
      );
      expect(drift).toContain('ALTER TABLE "Feedback" ADD COLUMN     "wouldRecommend" BOOLEAN');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("are recorded in _prisma_migrations as Prisma records them, and re-applying is a no-op", async () => {
    const rows = await db.prisma.$queryRaw<
      { migration_name: string; finished_at: Date | null; applied_steps_count: number }[]
    >`SELECT migration_name, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name`;
    const expected = readdirNames(defaultMigrationsDir);
    expect(rows.map((row) => row.migration_name)).toEqual(expected);
    expect(rows.every((row) => row.finished_at instanceof Date)).toBe(true);
    expect(await migrateDatabase(db)).toEqual([]);
  });

  it("seed the 38 provinces with their zones", async () => {
    expect(await db.prisma.province.count()).toBe(38);
    const papua = await db.prisma.province.findUniqueOrThrow({ where: { code: "91" } });
    expect(papua.zone).toBe("WIT");
    const kalbar = await db.prisma.province.findUniqueOrThrow({ where: { code: "61" } });
    expect(kalbar.timeZone).toBe("Asia/Pontianak");
  });

  it("apply a new migration folder on top of the history", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tandang-migrations-"));
    try {
      cpSync(defaultMigrationsDir, dir, { recursive: true });
      const extra = join(dir, "29991231000000_extra");
      cpSync(join(dir, readdirNames(dir)[0] ?? ""), extra, { recursive: true });
      writeFileSync(join(extra, "migration.sql"), 'CREATE TABLE "Scratch" ("id" INTEGER);');
      const applied = await migrateDatabase(db, { migrationsDir: dir });
      expect(applied).toEqual(["29991231000000_extra"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function readdirNames(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}
