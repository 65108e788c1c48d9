// npm run cli -- template <dir> | import <kind> <file> --program <id> | program create … | backup | restore | move-to
import { loadDatabaseConfig } from "../config.ts";
import { type Database, openDatabase } from "../db/client.ts";
import { migrateDatabase } from "../db/migrator.ts";
import { createI18n, translatorFor } from "../i18n/i18n.ts";
import { systemClock } from "../shared/clock.ts";
import { printError, printLine } from "../shared/terminal.ts";
import { runCli } from "./run-cli.ts";

const opened: Database[] = [];
try {
  const config = await loadDatabaseConfig();
  const code = await runCli(process.argv.slice(2), {
    openDatabase: async ({ migrate = true, databaseUrl } = {}) => {
      const database = await openDatabase(databaseUrl ? { databaseUrl } : config);
      opened.push(database);
      if (migrate) await migrateDatabase(database);
      return database;
    },
    databaseUrl: config.databaseUrl,
    t: translatorFor(createI18n("id"), "id"),
    helpT: translatorFor(createI18n("id"), "en"),
    clock: systemClock,
    print: printLine,
    printError,
  });
  process.exitCode = code;
} catch (error) {
  printError(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  for (const database of opened.reverse()) await database.close();
}
