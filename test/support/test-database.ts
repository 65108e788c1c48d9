import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { type Database, openDatabase } from "../../src/db/client.ts";

/**
 * A fresh, migrated database for one test file: a copy of the template that global-setup
 * migrated, on the run's embedded PostgreSQL server, or on the server TEST_DATABASE_URL names.
 * `empty`: no tables at all (the schema engine's diff replays the migrations into it).
 */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<Database> {
  const server = inject("testDatabase");
  const name = `tandang_test_${randomBytes(5).toString("hex")}`;
  const template = options.empty ? "" : ` TEMPLATE "${server.template}"`;
  await adminQuery(server.adminUrl, `CREATE DATABASE "${name}"${template}`);
  const url = withDatabase(server.adminUrl, name);
  const database = await openDatabase({ databaseUrl: url, poolSize: 10 });
  return {
    ...database,
    close: async () => {
      await database.close();
      await adminQuery(server.adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/** Which server the run uses: "embedded" (the default) or "postgres" (TEST_DATABASE_URL). */
export function testEngine(): "embedded" | "postgres" {
  return inject("testDatabase").engine;
}

/** True on the run against TEST_DATABASE_URL (tests of the embedded server's own files skip it). */
export function usingPostgres(): boolean {
  return testEngine() === "postgres";
}

export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

declare module "vitest" {
  export interface ProvidedContext {
    testDatabase: { adminUrl: string; template: string; engine: "embedded" | "postgres" };
  }
}
