import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../src/db/client.ts";
import { type EmbeddedServer, startEmbeddedPostgres } from "../../src/db/embedded-postgres.ts";
import { migrateDatabase } from "../../src/db/migrator.ts";
import { killLeftoverBots } from "./bot-process.ts";
import { adminQuery, withDatabase } from "./test-database.ts";

/**
 * Migrates once per run a template database that each test file copies: on the PostgreSQL
 * server that TEST_DATABASE_URL names (as .ci/run does), else on one embedded PostgreSQL
 * server for the whole run, started here and stopped at the end, also when a test failed.
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedServer | undefined;
  let workDir: string | undefined;
  const processDirectory = mkdtempSync(join(tmpdir(), "tandang-test-processes-"));
  project.provide("processDirectory", processDirectory);
  const teardown = async () => {
    // Bot processes a failed or interrupted test left running (each test also kills its own).
    killLeftoverBots(processDirectory);
    rmSync(processDirectory, { recursive: true, force: true });
    await embedded?.release({ force: true });
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  };
  try {
    let adminUrl = process.env.TEST_DATABASE_URL;
    if (!adminUrl) {
      workDir = mkdtempSync(join(tmpdir(), "tandang-test-"));
      embedded = await startEmbeddedPostgres({ dataDir: workDir, forTests: true });
      adminUrl = embedded.adminUrl;
      // Vitest skips the teardown when it is killed (SIGTERM, Ctrl-C twice): stop the server anyway.
      const serverPid = embedded.pid;
      process.once("exit", () => {
        try {
          process.kill(serverPid, "SIGINT");
        } catch {
          // Already stopped by the teardown.
        }
      });
    }
    const template = `tandang_template_${process.pid}`;
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    await adminQuery(adminUrl, `CREATE DATABASE "${template}"`);
    const server = await openDatabase({ databaseUrl: withDatabase(adminUrl, template) });
    await migrateDatabase(server);
    await server.close();
    project.provide("testDatabase", {
      adminUrl,
      template,
      engine: embedded ? "embedded" : "postgres",
    });
    const dropTemplate = async () => {
      if (!embedded)
        await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    };
    return async () => {
      try {
        await dropTemplate();
      } finally {
        await teardown();
      }
    };
  } catch (error) {
    await teardown();
    throw error;
  }
}
