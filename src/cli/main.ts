// npm run cli -- template <dir> | import <kind> <file> --program <id> | program create …
import { loadDatabaseConfig } from "../config.ts";
import { type Database, openDatabase } from "../db/client.ts";
import { migrateDatabase } from "../db/migrator.ts";
import { createI18n, translatorFor } from "../i18n/i18n.ts";
import { systemClock } from "../shared/clock.ts";
import { printError, printLine } from "../shared/terminal.ts";
import { runCli } from "./run-cli.ts";

let database: Database | undefined;
try {
  const code = await runCli(process.argv.slice(2), {
    openDatabase: async () => {
      database = await openDatabase(await loadDatabaseConfig());
      await migrateDatabase(database);
      return database;
    },
    t: translatorFor(createI18n("id"), "id"),
    clock: systemClock,
    print: printLine,
    printError,
  });
  process.exitCode = code;
} catch (error) {
  printError(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  await database?.close();
}
