import { Api } from "grammy";
import type { i18n } from "i18next";
import type { Config } from "./config.ts";
import type { Db } from "./db/client.ts";
import { registerDeliveryMetrics } from "./delivery/delivery-metrics.ts";
import { createDeliveryWorker, type DeliveryWorker } from "./delivery/delivery-worker.ts";
import {
  type BroadcastProgress,
  createBroadcastProgress,
} from "./features/broadcast/broadcast-progress.ts";
import {
  buildCertificateFile,
  CERTIFICATE_DOCUMENT,
  noteCertificateDelivered,
} from "./features/certificate/certificate.service.ts";
import type { Logger } from "./logger.ts";
import { createScheduler, type Scheduler } from "./scheduler/scheduler.ts";
import type { Clock } from "./shared/clock.ts";
import type { Metrics } from "./shared/metrics.ts";

export interface BackgroundWork {
  worker: DeliveryWorker;
  scheduler: Scheduler;
  progress: BroadcastProgress;
  /** Scheduler first (nothing new), then the progress reporter, then the worker drains. */
  stop(): Promise<void>;
}

export interface BackgroundWorkOptions {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
  i18n: i18n;
  metrics: Metrics;
  /** Off in tests that drive runTick themselves. */
  cron?: boolean;
  /** The bot's username, printed on certificates made without PUBLIC_BASE_URL. */
  botUsername?: string;
}

/** What the bot does on its own: the minute tick, the delivery worker, broadcast progress. */
export async function startBackgroundWork(options: BackgroundWorkOptions): Promise<BackgroundWork> {
  const { config, db, clock, logger, metrics } = options;
  // Its own Api: no throttler or auto-retry in the way, the worker paces and retries itself.
  const api = new Api(config.botToken, { apiRoot: config.telegramApiRoot, timeoutSeconds: 30 });
  registerDeliveryMetrics(metrics, db);
  const progress = createBroadcastProgress({
    db,
    api,
    i18n: options.i18n,
    defaultLocale: config.defaultLocale,
    logger,
    clock,
  });
  const worker = createDeliveryWorker({
    db,
    api,
    clock,
    logger,
    metrics,
    ratePerSecond: config.sendRatePerSecond,
    documents: {
      [CERTIFICATE_DOCUMENT]: {
        build: (ref) =>
          buildCertificateFile(db, ref, {
            publicBaseUrl: config.publicBaseUrl,
            botUsername: options.botUsername,
          }),
        sent: async (ref, at) => {
          await noteCertificateDelivered(db, ref, at);
        },
      },
    },
    observer: {
      onSettled: (message) => {
        if (message.broadcastId) progress.note(message.broadcastId);
      },
    },
  });
  const scheduler = createScheduler({
    db,
    clock,
    logger,
    metrics,
    i18n: options.i18n,
    defaultLocale: config.defaultLocale,
    ratePerSecond: config.sendRatePerSecond,
    catchUpGraceMinutes: config.catchUpGraceMinutes,
    onEnqueued: () => worker.wake(),
    onBroadcastQueued: (id) => progress.note(id),
    adminTelegramIds: config.adminTelegramIds,
    retention: { dataDir: config.dataDir, housekeeping: config.housekeeping },
  });
  await progress.start();
  worker.start();
  if (options.cron !== false) scheduler.start();
  return {
    worker,
    scheduler,
    progress,
    stop: async () => {
      await scheduler.stop();
      await worker.stop();
      await progress.flush();
      await progress.stop();
    },
  };
}
