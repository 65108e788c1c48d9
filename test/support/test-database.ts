import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { inject } from "vitest";
import { type Database, openDatabase } from "../../src/db/client.ts";
import { wrapPglite } from "../../src/db/embedded-database.ts";
import { readSnapshot } from "./pglite-snapshot.ts";

/**
 * A fresh, migrated database for one test file: a copy of the template that global-setup
 * migrated, on PostgreSQL when TEST_DATABASE_URL is set (as .ci/run does), else on PGlite.
 */
export async function createTestDatabase(): Promise<Database & { url?: string }> {
  const server = inject("postgresTemplate");
  if (!server) {
    const pglite = await PGlite.create({
      loadDataDir: await readSnapshot(inject("pgliteSnapshot")),
    });
    return wrapPglite(pglite);
  }
  const name = `tandang_test_${randomBytes(5).toString("hex")}`;
  await adminQuery(server.adminUrl, `CREATE DATABASE "${name}" TEMPLATE "${server.template}"`);
  const url = withDatabase(server.adminUrl, name);
  const database = await openDatabase({ databaseUrl: url, poolSize: 10 });
  return {
    ...database,
    url,
    close: async () => {
      await database.close();
      await adminQuery(server.adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

export function usingPostgres(): boolean {
  return Boolean(inject("postgresTemplate"));
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
    postgresTemplate: { adminUrl: string; template: string } | null;
    pgliteSnapshot: string;
  }
}
