// npm run db:diff -- <name>: writes a new migration for what schema.prisma adds, fully offline.
import { printError, printLine } from "../../shared/terminal.ts";
import { openDatabase } from "../client.ts";
import { diffMigrationsToSchema, writeMigration } from "../migrator.ts";

const name = process.argv.slice(2).join("_");
if (!name) {
  printError("usage: npm run db:diff -- <migration name>");
  process.exit(2);
}
const db = await openDatabase({ dataDir: "memory://" });
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
