import { join } from "node:path";
// The built-in Bot API is the tests' fake (node built-ins only); the demo runs the same one.
import { type FakeBotApi, startFakeBotApi } from "@tandang/fake-bot-api";
import { pino } from "pino";
import { type App, startApp } from "../app.ts";
import { parseConfig } from "../config.ts";
import { openDatabase } from "../db/client.ts";
import { migrateDatabase } from "../db/migrator.ts";
import { createLogger, type Logger } from "../logger.ts";
import { type Clock, systemClock } from "../shared/clock.ts";
import { findHighestUpdateId } from "./demo.repository.ts";
import { DemoChat } from "./demo-chat.ts";
import { prepareDemoDataDir } from "./demo-data-dir.ts";
import { DEMO_BOT_TOKEN, DEMO_BOT_USERNAME, DEMO_COORDINATOR } from "./demo-people.ts";
import { type DemoWorld, ensureDemoWorld } from "./seed-demo.ts";
import { type DemoWebServer, startDemoWebServer } from "./web-server.ts";

export interface DemoOptions {
  /** Web chat port on 127.0.0.1; 0 picks a free one. */
  port?: number;
  dataDir: string;
  clock?: Clock;
  /** Wipe the demo's data directory first. */
  reset?: boolean;
  /** false: no web chat (terminal mode). Default true. */
  web?: boolean;
  logger?: Logger;
  logLevel?: string;
}

export interface Demo {
  /** The web chat's address, e.g. http://127.0.0.1:8470/ (empty without the web chat). */
  url: string;
  api: FakeBotApi;
  app: App;
  chat: DemoChat;
  world: DemoWorld;
  logFile: string | undefined;
  stop(): Promise<void>;
}

/**
 * Starts the built-in Bot API on loopback, the real app against it on an embedded database in
 * `dataDir` (seeded on first run), and the web chat.
 */
export async function startDemo(options: DemoOptions): Promise<Demo> {
  const clock = options.clock ?? systemClock;
  prepareDemoDataDir(options.dataDir, options.reset ?? false);
  const logFile = options.logger ? undefined : join(options.dataDir, "demo.log");
  const logger =
    options.logger ??
    createLogger(options.logLevel ?? "info", pino.destination({ dest: logFile, sync: true }));

  const database = await openDatabase({ dataDir: options.dataDir });
  const cleanup: (() => Promise<void>)[] = [() => database.close()];
  try {
    await migrateDatabase(database);
    const world = await ensureDemoWorld(database.prisma, clock.now());
    const api = await startFakeBotApi({
      token: DEMO_BOT_TOKEN,
      botInfo: { username: DEMO_BOT_USERNAME },
      firstUpdateId: (await findHighestUpdateId(database.prisma)) + 1,
      // Message dates from the same (possibly --at shifted) clock as the bot's, or every
      // location would look older than a minute when the demo time is ahead of the real one.
      clock,
    });
    cleanup.unshift(() => api.stop());
    for (const id of world.enrolledTelegramIds) {
      api.registerChat({ id, type: "private", first_name: String(id) });
    }
    const chat = new DemoChat(api, world);

    const app = await startApp(
      parseConfig({
        BOT_TOKEN: DEMO_BOT_TOKEN,
        TELEGRAM_API_ROOT: api.apiRoot,
        DATA_DIR: options.dataDir,
        ADMIN_TELEGRAM_IDS: String(DEMO_COORDINATOR.telegramId),
        LOG_LEVEL: options.logLevel ?? "info",
      }),
      { clock, logger, database, pollingTimeoutSeconds: 10 },
    );
    cleanup.unshift(() => app.stop());

    let web: DemoWebServer | undefined;
    if (options.web !== false) {
      web = await startDemoWebServer({ port: options.port ?? 0, chat, api, world });
      const server = web;
      cleanup.unshift(() => server.close());
    }
    logger.info({ url: web?.url, dataDir: options.dataDir }, "demo.started");

    let stopping: Promise<void> | undefined;
    return {
      url: web?.url ?? "",
      api,
      app,
      chat,
      world,
      logFile,
      stop: () => {
        stopping ??= runAll(cleanup);
        return stopping;
      },
    };
  } catch (error) {
    await runAll(cleanup).catch(() => undefined);
    throw error;
  }
}

/** Web chat first, then the bot (finishing updates in flight), the Bot API, the database. */
async function runAll(steps: (() => Promise<void>)[]): Promise<void> {
  for (const step of steps) await step();
}
