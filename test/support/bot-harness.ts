import type { FakeBotApiOptions } from "@tandang/fake-bot-api";
import { type FakeBotApi, startFakeBotApi } from "@tandang/fake-bot-api";
import { type App, startApp } from "../../src/app.ts";
import { type Config, parseConfig } from "../../src/config.ts";
import type { Database } from "../../src/db/client.ts";
import { createLogger, type Logger } from "../../src/logger.ts";
import type { Clock } from "../../src/shared/clock.ts";
import { createTestDatabase } from "./test-database.ts";

export const testToken = "123456789:TEST-token_for-the-fake-api";

export interface TestBot {
  api: FakeBotApi;
  app: App;
  db: Database;
  config: Config;
  /** Stops the bot only (the database and fake API stay), e.g. to restart it. */
  stopBot(): Promise<void>;
  restartBot(): Promise<App>;
  stop(): Promise<void>;
}

export interface TestBotOptions {
  env?: Record<string, string>;
  clock?: Clock;
  api?: FakeBotApiOptions;
  /** Reuse a database (e.g. one a test seeded before the bot starts). */
  db?: Database;
  /** The app's logger (default: silent pino, or TEST_LOG_LEVEL). */
  logger?: Logger;
  /** Run the real minute tick (node-cron). Off by default: tests call runTick themselves. */
  schedulerCron?: boolean;
}

/**
 * The real bot, started as `npm start` would start it (same composition root), talking HTTP to
 * a fake Bot API, on a fresh migrated database.
 */
export async function startTestBot(options: TestBotOptions = {}): Promise<TestBot> {
  const api = await startFakeBotApi(options.api);
  const db = options.db ?? (await createTestDatabase());
  const config = parseConfig({
    BOT_TOKEN: testToken,
    TELEGRAM_API_ROOT: api.apiRoot,
    LOG_LEVEL: "silent",
    ...options.env,
  });
  const logger = options.logger ?? createLogger(process.env.TEST_LOG_LEVEL ?? "silent");
  const launch = () =>
    startApp(config, {
      database: db,
      logger,
      clock: options.clock,
      pollingTimeoutSeconds: 1,
      // The real-time minute tick would fire whenever a test crosses a minute: tests move the
      // clock and call app.background.scheduler.runTick() instead.
      schedulerCron: options.schedulerCron ?? false,
    });
  let app = await launch();
  const harness: TestBot = {
    api,
    db,
    config,
    get app() {
      return app;
    },
    stopBot: () => app.stop(),
    restartBot: async () => {
      await app.stop();
      app = await launch();
      return app;
    },
    stop: async () => {
      await app.stop();
      await api.stop();
      if (!options.db) await db.close();
    },
  };
  return harness;
}
