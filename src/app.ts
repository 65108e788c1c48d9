import type { Server } from "node:http";
import type { Bot } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { type BackgroundWork, startBackgroundWork } from "./background-work.ts";
import type { BotContext } from "./bot/context.ts";
import { createBot } from "./bot/create-bot.ts";
import type { AppDeps } from "./bot/deps.ts";
import { createChatFairness } from "./bot/fairness.ts";
import { cachedHealth, startHttpServer } from "./bot/http-server.ts";
import { type PollingHandle, startPolling } from "./bot/polling.ts";
import { connectToTelegram } from "./bot/telegram-connect.ts";
import { createUpdateInbox, type UpdateInbox } from "./bot/update-inbox.ts";
import { type Config, configSecrets } from "./config.ts";
import { type Database, openDatabase } from "./db/client.ts";
import { migrateDatabase } from "./db/migrator.ts";
import { seedNationalHolidays } from "./db/repositories/holidays.repository.ts";
import { deliveryMetricHelp } from "./delivery/delivery-metrics.ts";
import { createVerificationPages } from "./features/certificate/verification-pages.ts";
import { createFeatures, createFlows } from "./features/index.ts";
import { publishCommands } from "./features/publish-commands.ts";
import { createI18n } from "./i18n/i18n.ts";
import { createLogger, type Logger } from "./logger.ts";
import { type Clock, systemClock } from "./shared/clock.ts";
import { createMetrics, type Metrics } from "./shared/metrics.ts";
import { ensurePrivateDirectory, restrictToOwner } from "./shared/private-files.ts";
import { sleep } from "./shared/sleep.ts";
import { printError } from "./shared/terminal.ts";
import { closeHeavyWork, configureHeavyWork } from "./workers/heavy-work.ts";

export interface AppOverrides {
  clock?: Clock;
  logger?: Logger;
  botInfo?: UserFromGetMe;
  /** An already open database (tests share one per file). */
  database?: Database;
  pollingTimeoutSeconds?: number;
  /** false: no minute tick (tests call app.background.scheduler.runTick themselves). */
  schedulerCron?: boolean;
  /** Where the one-line "cannot reach Telegram" notices go (stderr by default). */
  print?: (line: string) => void;
  /** Aborts the start-up wait for Telegram (a signal during start-up). */
  signal?: AbortSignal;
}

export interface App {
  bot: Bot<BotContext>;
  deps: AppDeps;
  database: Database;
  inbox: UpdateInbox;
  metrics: Metrics;
  /** Webhook mode: the public listener (the webhook path only). */
  httpServer: Server | undefined;
  /** With METRICS_PORT: the local listener of /healthz and /metrics. */
  monitoringServer: Server | undefined;
  /** The scheduler, the delivery worker and broadcast progress. */
  background: BackgroundWork;
  stop(): Promise<void>;
}

/**
 * The composition root: database → migrations → bot → polling or webhook → background work.
 * Stop reverses it: no new updates, finish those in flight, confirm the offset, close the database.
 */
export async function startApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const logger =
    overrides.logger ??
    createLogger(config.logLevel, undefined, { secrets: configSecrets(config) });
  const clock = overrides.clock ?? systemClock;
  // DATA_DIR holds personal data: the owner alone may enter it (issue 9, item 6).
  if (!(await ensurePrivateDirectory(config.dataDir))) {
    logger.warn({ dataDir: config.dataDir }, "data_dir.owned_by_another_user");
  }
  const database =
    overrides.database ??
    (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  await configureHeavyWork(config.heavyWork);
  const applied = await migrateDatabase(database);
  if (applied.length) logger.info({ applied }, "db.migrated");
  await seedNationalHolidays(database.prisma);
  // Whatever the database engine (or an older version) created is tightened to 0600/0700.
  const tightened = await restrictToOwner(config.dataDir);
  if (tightened.changed)
    logger.info({ changed: tightened.changed }, "data_dir.permissions_tightened");
  if (tightened.notOurs.length) {
    logger.warn(
      { count: tightened.notOurs.length, examples: tightened.notOurs.slice(0, 5) },
      "data_dir.open_files_of_another_user",
    );
  }

  const deps: AppDeps = {
    config,
    db: database.prisma,
    logger,
    clock,
    i18n: createI18n(config.defaultLocale),
  };
  const fairness = createChatFairness();
  const bot = createBot(config.botToken, deps, {
    apiRoot: config.telegramApiRoot,
    botInfo: overrides.botInfo,
    features: createFeatures(),
    flows: createFlows(),
    fairness,
  });
  await connectToTelegram(bot, {
    apiRoot: config.telegramApiRoot,
    print: overrides.print ?? printError,
    signal: overrides.signal,
  });
  await publishCommands(bot.api, deps.i18n).catch((error) =>
    logger.warn({ err: error }, "bot.commands_not_published"),
  );

  const metrics = createMetrics(deliveryMetricHelp);
  const inbox = createUpdateInbox(bot, database.prisma, logger, clock);
  fairness.feed(inbox.handle);
  // Polling and the webhook hand updates over through the fairness, per chat and in order.
  const fairInbox: UpdateInbox = { ...inbox, handle: fairness.dispatch };
  const health = cachedHealth(async () => {
    await database.prisma.$queryRaw`SELECT 1`;
    return true;
  });

  let polling: PollingHandle | undefined;
  let httpServer: Server | undefined;
  let monitoringServer: Server | undefined;
  if (config.metricsPort !== undefined) {
    monitoringServer = await startHttpServer({
      host: config.metricsHost,
      port: config.metricsPort,
      metrics,
      logger,
      monitoring: { health },
    });
  }
  if (config.mode.kind === "webhook") {
    const url = new URL(config.mode.url);
    httpServer = await startHttpServer({
      host: config.mode.host,
      port: config.mode.port,
      metrics,
      logger,
      webhook: { path: url.pathname, secret: config.mode.secret, inbox: fairInbox },
      pages: createVerificationPages(database.prisma, deps.i18n, clock, logger),
    });
    await bot.api.setWebhook(config.mode.url, { secret_token: config.mode.secret });
  } else {
    await bot.api.deleteWebhook();
    // Nothing serves /verifikasi/<number> in polling mode: a QR link there would lead nowhere
    // unless another server answers it.
    if (config.publicBaseUrl) logger.warn("certificate.public_base_url_without_webhook");
  }
  const drained = await inbox.drainPending({ takeOver: config.mode.kind === "polling" });
  if (drained) logger.info({ drained }, "inbox.drained");
  if (config.mode.kind === "polling") {
    polling = startPolling(bot, fairInbox, logger, {
      timeoutSeconds: overrides.pollingTimeoutSeconds,
    });
  }
  const retrySweep = setInterval(() => {
    inbox.drainPending().catch((error) => logger.warn({ err: error }, "inbox.sweep_failed"));
  }, 10_000);
  retrySweep.unref();
  const background = await startBackgroundWork({
    config,
    db: database.prisma,
    clock,
    logger,
    i18n: deps.i18n,
    metrics,
    cron: overrides.schedulerCron,
    botUsername: bot.botInfo.username,
  });
  logger.info({ mode: config.mode.kind, bot: bot.botInfo.username }, "app.started");

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await background.stop();
      clearInterval(retrySweep);
      await polling?.stop();
      for (const server of [httpServer, monitoringServer]) {
        if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      // What waits for its chat is not started: it stays in the inbox for the next start.
      fairness.close();
      await waitUntil(() => inbox.inFlight() === 0, 5_000);
      await inbox.flush();
      inbox.close();
      await closeHeavyWork();
      if (!overrides.database) await database.close();
      logger.info("app.stopped");
    })();
    return stopping;
  };
  return { bot, deps, database, inbox, metrics, httpServer, monitoringServer, background, stop };
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) {
    await sleep(25);
  }
}
