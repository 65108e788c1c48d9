import { startApp } from "./app.ts";
import { ConfigError, configSecrets, loadConfig } from "./config.ts";
import { createLogger } from "./logger.ts";
import { PRIVATE_UMASK } from "./shared/private-files.ts";
import { printError } from "./shared/terminal.ts";

// Before anything is written: files 0600, directories 0700 (personal data, UU 27/2022).
process.umask(PRIVATE_UMASK);

let config: Awaited<ReturnType<typeof loadConfig>>;
try {
  config = await loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  printError(`Tandang cannot start: ${error.message}`);
  process.exit(1);
}

const logger = createLogger(config.logLevel, undefined, { secrets: configSecrets(config) });
const app = await startApp(config, { logger });

let signals = 0;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    signals += 1;
    if (signals > 1) process.exit(1);
    logger.info({ signal }, "app.stopping");
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "app.stop_failed");
        process.exit(1);
      },
    );
  });
}
process.on("unhandledRejection", (reason) =>
  logger.error({ err: reason }, "process.unhandled_rejection"),
);
