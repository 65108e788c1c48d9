import type { DbOrTx } from "../db/client.ts";
import { markOutboxSentMany, type SentMark } from "../db/repositories/outbox.repository.ts";
import type { Logger } from "../logger.ts";
import { sleep } from "../shared/sleep.ts";

export interface SentMarksOptions {
  db: DbOrTx;
  logger: Logger;
  /** How long a mark waits for others to share its UPDATE. */
  flushEveryMs?: number;
  /** A batch this large is written at once. */
  maxBatch?: number;
  /** After a failed write, the next try comes this much later. */
  retryMs?: number;
  /** Tries of the last write on a graceful stop before giving up on it. */
  drainAttempts?: number;
}

export interface SentMarks {
  /** Resolves once the row is SENT in the database; rejects only when a stop gives up. */
  record(mark: SentMark): Promise<void>;
  /** Rows Telegram accepted that are not recorded yet: what a crash now would send again. */
  pendingIds(): bigint[];
  /** Writes everything waiting (graceful stop). */
  drain(): Promise<void>;
  /** Records nothing more, as a crash would (what waits is let go, not recorded). */
  abandon(): void;
}

interface Waiting {
  mark: SentMark;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Records accepted sends in batches: one UPDATE per `flushEveryMs` instead of one per message,
 * which is what held the paid rate (1,000/s) to a few hundred a second. The price is a wider
 * window for duplicates after a crash: a message Telegram accepted stays SENDING until its batch
 * is written (at most `flushEveryMs` plus one write), and the worker keeps it among the rows it
 * holds until then, so its concurrency still bounds what a crash can send twice.
 */
export function createSentMarks(options: SentMarksOptions): SentMarks {
  const { db, logger } = options;
  const flushEveryMs = options.flushEveryMs ?? 50;
  const maxBatch = options.maxBatch ?? 500;
  const retryMs = options.retryMs ?? 1_000;
  const drainAttempts = options.drainAttempts ?? 3;

  let waiting: Waiting[] = [];
  let inWrite: Waiting[] = [];
  let writing: Promise<boolean> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let abandoned = false;

  const clearTimer = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };

  const schedule = (ms: number) => {
    if (timer || writing || abandoned || waiting.length === 0) return;
    timer = setTimeout(() => {
      timer = undefined;
      void write();
    }, ms);
  };

  /** Writes one batch; true when it was recorded. */
  const writeBatch = async (): Promise<boolean> => {
    inWrite = waiting.splice(0, maxBatch);
    const batch = inWrite;
    try {
      await markOutboxSentMany(
        db,
        batch.map((entry) => entry.mark),
      );
    } catch (error) {
      if (abandoned) {
        for (const entry of batch) entry.resolve();
        return false;
      }
      // Back in front, in order: the next write takes them first.
      waiting = batch.concat(waiting);
      logger.warn({ err: error, count: batch.length }, "delivery.mark_sent_failed");
      return false;
    } finally {
      inWrite = [];
    }
    for (const entry of batch) entry.resolve();
    return true;
  };

  const write = async (): Promise<boolean> => {
    if (writing) return writing;
    if (abandoned || waiting.length === 0) return true;
    clearTimer();
    const run = writeBatch();
    writing = run;
    const recorded = await run.finally(() => {
      writing = undefined;
    });
    if (!recorded) schedule(retryMs);
    else if (waiting.length >= maxBatch) void write();
    else schedule(flushEveryMs);
    return recorded;
  };

  return {
    record: (mark) =>
      new Promise<void>((resolve, reject) => {
        if (abandoned) return resolve();
        waiting.push({ mark, resolve, reject });
        if (waiting.length >= maxBatch && !writing) void write();
        else schedule(flushEveryMs);
      }),
    pendingIds: () => [...inWrite, ...waiting].map((entry) => entry.mark.id),
    drain: async () => {
      let failures = 0;
      while (!abandoned && (waiting.length > 0 || writing)) {
        if (writing) {
          await writing;
          continue;
        }
        if (await write()) continue;
        failures++;
        clearTimer();
        if (failures >= drainAttempts) {
          // The rows stay SENDING; once their lease is over another worker sends them again.
          const error = new Error("could not record sent messages");
          for (const entry of waiting.splice(0)) entry.reject(error);
        } else {
          await sleep(Math.min(retryMs, 500));
        }
      }
    },
    abandon: () => {
      abandoned = true;
      clearTimer();
      for (const entry of waiting.splice(0)) entry.resolve();
    },
  };
}
