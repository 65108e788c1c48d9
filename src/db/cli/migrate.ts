// npm run db:migrate: applies committed migrations to DATABASE_URL, or to the embedded database.
import { loadDatabaseConfig } from "../../config.ts";
import { printError, printLine } from "../../shared/terminal.ts";
import { openDatabase } from "../client.ts";
import { migrateDatabase } from "../migrator.ts";

try {
  const config = await loadDatabaseConfig();
  const db = await openDatabase(config);
  try {
    const applied = await migrateDatabase(db);
    printLine(applied.length ? `applied: ${applied.join(", ")}` : "the database is up to date.");
  } finally {
    await db.close();
  }
} catch (error) {
  printError(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
