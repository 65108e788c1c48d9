import type { i18n } from "i18next";
import cron, { type ScheduledTask } from "node-cron";
import type { Db } from "../db/client.ts";
import {
  insertJobRun,
  jobRunExists,
  listSchedulablePrograms,
  type SchedulableProgram,
  setJobRunMessageCount,
} from "../db/repositories/job-runs.repository.ts";
import { countRegisteredParticipants } from "../db/repositories/recipients.repository.ts";
import { enqueue } from "../delivery/enqueue.ts";
import { effectiveSendRate } from "../delivery/send-pacer.ts";
import { assessmentClosesOn } from "../domain/assessment.ts";
import { laterDate } from "../domain/program-calendar.ts";
import { addDays, dateColumn, isoDateOf, localDate } from "../domain/time.ts";
import { queueDueBroadcasts } from "../features/broadcast/broadcast.service.ts";
import { loadProgramCalendar } from "../features/shared/program-calendar.ts";
import type { JobKind } from "../generated/prisma/enums.ts";
import { isLocale, type Locale, translatorFor } from "../i18n/i18n.ts";
import type { Logger } from "../logger.ts";
import type { Clock } from "../shared/clock.ts";
import type { Metrics } from "../shared/metrics.ts";
import {
  CERTIFICATE_WINDOW_DAYS,
  isInCreationWindow,
  type JobSlot,
  jobSlotsOn,
  leadTimeMs,
} from "./due-jobs.ts";
import { jobBuilders } from "./jobs/index.ts";
import { type RetentionOptions, runHousekeeping } from "./retention.ts";

/** Retention is checked hourly; it is a promise about months, not minutes. */
const retentionIntervalMs = 60 * 60_000;

export interface SchedulerOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  i18n: i18n;
  defaultLocale: Locale;
  metrics?: Metrics;
  /** The delivery rate the batches are planned for (messages per second). */
  ratePerSecond: number;
  /** How long after its set time a missed job is still created. */
  catchUpGraceMinutes: number;
  /** Added to the lead time of every batch, for the tick interval and the claim poll. */
  leadMarginMs?: number;
  /** Something was enqueued: the worker of this process may claim at once. */
  onEnqueued?: () => void;
  /** A scheduled broadcast was queued (its progress message is posted by the reporter). */
  onBroadcastQueued?: (broadcastId: string) => void;
  /** ADMIN_TELEGRAM_IDS, for re-checking a scheduled broadcast's creator when it is due. */
  adminTelegramIds?: readonly bigint[];
  /** DATA_DIR and the housekeeping periods of the hourly retention job. */
  retention: RetentionOptions;
}

export interface CreatedBatch {
  programId: string;
  kind: JobKind;
  localDate: string;
  messages: number;
}

export interface TickResult {
  batches: CreatedBatch[];
  broadcasts: string[];
  /** Scheduled broadcasts cancelled because their creator may no longer send them. */
  cancelledBroadcasts: string[];
}

export interface Scheduler {
  /** Creates whatever is due at `now` (the injected clock by default). Safe to run anywhere, any time. */
  runTick(now?: Date): Promise<TickResult>;
  /** A tick every minute (node-cron). */
  start(): void;
  stop(): Promise<void>;
}

/**
 * The minute tick. What is due is computed from the database each time, per program in its
 * host province's zone, so a restart or a second instance changes nothing: each job for a
 * program and a local date is recorded in ScheduledJobRun (unique key) in the same transaction
 * as its messages, and whoever inserts that row first builds the batch; everyone else finds it.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const { db, clock, logger } = options;
  const graceMs = options.catchUpGraceMinutes * 60_000;
  const leadMarginMs = options.leadMarginMs ?? 60_000;
  let task: ScheduledTask | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let lastRetentionRun = Number.NEGATIVE_INFINITY;

  const language = (locale: string | null) => {
    const chosen: Locale = isLocale(locale) ? locale : options.defaultLocale;
    return { t: translatorFor(options.i18n, chosen), locale: chosen };
  };

  const createBatch = async (program: SchedulableProgram, slot: JobSlot, now: Date) =>
    db.$transaction(
      async (tx) => {
        const run = await insertJobRun(tx, {
          programId: program.id,
          kind: slot.kind,
          localDate: dateColumn(slot.localDate),
          dueAt: slot.dueAt,
          createdAt: now,
        });
        if (!run) return undefined;
        const messages = await jobBuilders[slot.kind]({
          db: tx,
          program,
          slot,
          runId: run.id,
          now,
          i18n: options.i18n,
          language,
        });
        await enqueue(tx, messages);
        await setJobRunMessageCount(tx, run.id, messages.length);
        return messages.length;
      },
      { maxWait: 30_000, timeout: 120_000 },
    );

  const tickProgram = async (program: SchedulableProgram, now: Date): Promise<CreatedBatch[]> => {
    const timeZone = program.hostProvince.timeZone;
    const today = localDate(now, timeZone);
    // Yesterday too: a job late in the evening may still be within its grace after midnight.
    const yesterday = addDays(today, -1);
    const startDate = isoDateOf(program.startDate);
    const endDate = isoDateOf(program.endDate);
    const closesOn = program.assessmentClosesOn ? isoDateOf(program.assessmentClosesOn) : null;
    // After the end: certificates on the first working day after it, assessment reminders until
    // the closing date.
    const lastJobDate = laterDate(
      addDays(endDate, CERTIFICATE_WINDOW_DAYS),
      assessmentClosesOn({ endDate, closesOn }),
    );
    if (today < addDays(startDate, -1) || yesterday > lastJobDate) return [];
    // Days off from the start to today (and the end date): whether today is the last working day
    // depends on the days after it, the certificate day on the days since the end.
    const calendar = await loadProgramCalendar(db, program, { from: yesterday, to: today });
    const times = { ...program, assessmentClosesOn: closesOn };
    // The registered count bounds every job's batch, so the lead time is never too short.
    const population = await countRegisteredParticipants(db, program.id);
    const leadMs = leadTimeMs(population, effectiveSendRate(options.ratePerSecond), leadMarginMs);
    const slots = [yesterday, today]
      .flatMap((day) => jobSlotsOn(calendar, times, day, timeZone))
      .filter((slot) => isInCreationWindow(now, slot.dueAt, leadMs, graceMs));
    const created: CreatedBatch[] = [];
    for (const slot of slots) {
      if (await jobRunExists(db, program.id, slot.kind, dateColumn(slot.localDate))) continue;
      const messages = await createBatch(program, slot, now);
      if (messages === undefined) continue;
      created.push({ programId: program.id, kind: slot.kind, localDate: slot.localDate, messages });
      options.metrics?.increment("tandang_scheduler_batches_total", 1, { kind: slot.kind });
      logger.info(
        { program_id: program.id, kind: slot.kind, local_date: slot.localDate, messages },
        "scheduler.batch_created",
      );
    }
    return created;
  };

  const eraseWhenDue = async (now: Date) => {
    if (now.getTime() - lastRetentionRun < retentionIntervalMs) return;
    lastRetentionRun = now.getTime();
    await runHousekeeping(db, now, logger, options.retention);
  };

  const runTick = async (now: Date = clock.now()): Promise<TickResult> => {
    const batches: CreatedBatch[] = [];
    for (const program of await listSchedulablePrograms(db)) {
      try {
        batches.push(...(await tickProgram(program, now)));
      } catch (error) {
        // One program's trouble must not hold back the others' reminders.
        logger.error({ err: error, program_id: program.id }, "scheduler.program_failed");
      }
    }
    let broadcasts: string[] = [];
    let cancelledBroadcasts: string[] = [];
    try {
      const due = await queueDueBroadcasts(db, now, {
        adminTelegramIds: options.adminTelegramIds ?? [],
        language,
      });
      broadcasts = due.queued;
      cancelledBroadcasts = due.cancelled;
      for (const id of broadcasts) options.onBroadcastQueued?.(id);
      for (const id of cancelledBroadcasts) {
        logger.info({ broadcast_id: id }, "broadcast.cancelled_creator_not_allowed");
      }
    } catch (error) {
      logger.error({ err: error }, "scheduler.broadcasts_failed");
    }
    if (batches.length || broadcasts.length || cancelledBroadcasts.length) options.onEnqueued?.();
    return { batches, broadcasts, cancelledBroadcasts };
  };

  return {
    runTick,
    start: () => {
      if (task) return;
      task = cron.schedule(
        "* * * * *",
        async (context) => {
          const lagSeconds = (context.triggeredAt.getTime() - context.date.getTime()) / 1000;
          options.metrics?.setGauge("tandang_scheduler_tick_lag_seconds", Math.max(0, lagSeconds));
          const tick = runTick()
            .then(() => eraseWhenDue(clock.now()))
            .catch((error) => logger.error({ err: error }, "scheduler.tick_failed"));
          running = tick;
          await tick;
        },
        { name: "tandang-minute-tick", noOverlap: true },
      );
      logger.info("scheduler.started");
    },
    stop: async () => {
      if (task) {
        await task.destroy();
        task = undefined;
      }
      await running;
    },
  };
}
