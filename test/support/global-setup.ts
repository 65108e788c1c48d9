import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../src/db/client.ts";
import { wrapPglite } from "../../src/db/embedded-database.ts";
import { migrateDatabase } from "../../src/db/migrator.ts";
import { killLeftoverBots } from "./bot-process.ts";
import { writeSnapshot } from "./pglite-snapshot.ts";
import { adminQuery, withDatabase } from "./test-database.ts";

/**
 * Migrates once per run: a PGlite snapshot that every test file loads, and, when
 * TEST_DATABASE_URL names a PostgreSQL server, a template database that each file copies.
 */
export default async function setup(project: TestProject) {
  const workDir = mkdtempSync(join(tmpdir(), "tandang-test-"));
  const pglite = await PGlite.create();
  const embedded = wrapPglite(pglite);
  await migrateDatabase(embedded);
  const snapshot = join(workDir, "migrated.tar");
  await writeSnapshot(pglite, snapshot);
  await embedded.close();
  project.provide("pgliteSnapshot", snapshot);
  const processDirectory = join(workDir, "processes");
  project.provide("processDirectory", processDirectory);

  const adminUrl = process.env.TEST_DATABASE_URL;
  let template: string | undefined;
  if (adminUrl) {
    template = `tandang_template_${process.pid}`;
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    await adminQuery(adminUrl, `CREATE DATABASE "${template}"`);
    const server = await openDatabase({ databaseUrl: withDatabase(adminUrl, template) });
    await migrateDatabase(server);
    await server.close();
  }
  project.provide("postgresTemplate", adminUrl && template ? { adminUrl, template } : null);

  return async () => {
    // Bot processes a failed or interrupted test left running (each test also kills its own).
    killLeftoverBots(processDirectory);
    if (adminUrl && template) {
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    }
    rmSync(workDir, { recursive: true, force: true });
  };
}
