// npm run db:diff -- <name>: writes a new migration for what schema.prisma adds, fully offline.
// The schema engine replays the migrations into a shadow database on a throwaway embedded server.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { printError, printLine } from "../../shared/terminal.ts";
import { openDatabase } from "../client.ts";
import { startEmbeddedPostgres } from "../embedded-postgres.ts";
import { diffMigrationsToSchema, writeMigration } from "../migrator.ts";

const name = process.argv.slice(2).join("_");
if (!name) {
  printError("usage: npm run db:diff -- <migration name>");
  process.exit(2);
}
const dataDir = mkdtempSync(join(tmpdir(), "tandang-diff-"));
const server = await startEmbeddedPostgres({ dataDir, forTests: true });
try {
  const db = await openDatabase({ databaseUrl: server.url, poolSize: 1 });
  try {
    const sql = await db.withMigrationAdapter((factory) => diffMigrationsToSchema(factory));
    if (!sql) {
      printLine("schema.prisma and prisma/migrations agree: no migration written.");
    } else {
      printLine(`wrote ${writeMigration(name, sql, new Date())}`);
    }
  } finally {
    await db.close();
  }
} finally {
  await server.release({ force: true });
  rmSync(dataDir, { recursive: true, force: true });
}
