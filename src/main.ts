import { type App, startApp } from "./app.ts";
import { TelegramTokenRefusedError } from "./bot/telegram-connect.ts";
import { ConfigError, configSecrets, loadConfig } from "./config.ts";
import { createLogger } from "./logger.ts";
import { PRIVATE_UMASK } from "./shared/private-files.ts";
import { printError } from "./shared/terminal.ts";

// Before anything is written: files 0600, directories 0700 (personal data, UU 27/2022).

process.umask(PRIVATE_UMASK);
/**
 * A stop that has not finished by then (Telegram or the database unreachable) is cut short:
 * updates not yet handled are already stored in the inbox, and the next start handles them.
 */
const stopDeadlineMs = 8_000;

let app: App | undefined;
let logger: ReturnType<typeof createLogger> | undefined;
const starting = new AbortController();
let signals = 0;

// Listening from the very start: a signal while waiting for Telegram or the database ends the
// process at once (nothing is in flight yet that the inbox does not hold).
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    signals += 1;
    if (signals > 1 || !app) {
      logger?.warn({ signal, signals }, "app.stopped_at_once");
      starting.abort();
      process.exit(signals > 1 ? 1 : 0);
    }
    logger?.info({ signal }, "app.stopping");
    const deadline = setTimeout(() => {
      logger?.error({ deadline_ms: stopDeadlineMs }, "app.stop_timed_out");
      process.exit(1);
    }, stopDeadlineMs);
    app.stop().then(
      () => {
        clearTimeout(deadline);
        process.exit(0);
      },
      (error: unknown) => {
        logger?.error({ err: error }, "app.stop_failed");
        process.exit(1);
      },
    );
  });
}

let config: Awaited<ReturnType<typeof loadConfig>>;
try {
  config = await loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  printError(`Tandang cannot start: ${error.message}`);
  process.exit(1);
}

logger = createLogger(config.logLevel, undefined, { secrets: configSecrets(config) });
process.on("unhandledRejection", (reason) =>
  logger?.error({ err: reason }, "process.unhandled_rejection"),
);
try {
  app = await startApp(config, { logger, signal: starting.signal });
} catch (error) {
  if (error instanceof TelegramTokenRefusedError) {
    printError(error.message);
    process.exit(1);
  }
  // Never a stack trace on the terminal: one event in the log, a non-zero exit.
  logger.fatal({ err: error }, "app.start_failed");
  process.exit(1);
}
