import { type Bot, BotError } from "grammy";
import type { Update } from "grammy/types";
import type { Db } from "../db/client.ts";
import {
  claimPendingUpdates,
  markUpdateFailed,
  markUpdatesHandled,
  pruneUpdatesBefore,
  storeUpdates,
} from "../db/repositories/inbox.repository.ts";
import type { Logger } from "../logger.ts";
import type { Clock } from "../shared/clock.ts";
import { backoffDelay } from "../shared/sleep.ts";
import type { BotContext } from "./context.ts";
import {
  databaseErrorCode,
  isDatabaseUnavailable,
  isDataException,
  RetryLaterError,
} from "./errors.ts";
import { createWriteCoalescer } from "./write-coalescer.ts";

function isRetryable(error: unknown): boolean {
  return error instanceof RetryLaterError || isDatabaseUnavailable(error);
}

export interface UpdateInboxOptions {
  /** How long an instance owns an update it is handling before another may take it. */
  leaseMs?: number;
  retryDelayMs?: number;
  maxAttempts?: number;
  /** Retries in this process of an update that failed for want of the database. */
  localRetries?: number;
}

export interface UpdateInbox {
  /** Stores updates durably; resolves with the ones not seen before. Throws if the DB is down. */
  accept(updates: Update[]): Promise<Update[]>;
  /** Handles one stored update and records the outcome. Never throws. */
  handle(update: Update): Promise<void>;
  /**
   * Handles what an earlier run or a failed attempt left behind; returns how many. `takeOver`
   * ignores leases: right after start in polling mode this process is the only consumer, so
   * what a killed process was holding is ours at once.
   */
  drainPending(options?: { takeOver?: boolean }): Promise<number>;
  prune(olderThanMs: number): Promise<number>;
  inFlight(): number;
  /** Waits until every store and every "handled" mark submitted so far is written. */
  flush(): Promise<void>;
  /** Drops scheduled retries (their updates stay in the inbox for the next start). */
  close(): void;
}

/**
 * Telegram delivers at least once and forgets an update once confirmed. Every update is stored
 * here before it is confirmed, handled from here, and marked done: a crash, a restart or a
 * database outage loses nothing, and a repeated update_id is skipped.
 */
export function createUpdateInbox(
  bot: Bot<BotContext>,
  db: Db,
  logger: Logger,
  clock: Clock,
  options: UpdateInboxOptions = {},
): UpdateInbox {
  const leaseMs = options.leaseMs ?? 120_000;
  const retryDelayMs = options.retryDelayMs ?? 5_000;
  const maxAttempts = options.maxAttempts ?? 20;
  const handling = new Set<number>();
  const localRetries = options.localRetries ?? 40;

  const retryTimers = new Set<NodeJS.Timeout>();
  const retryLater = (work: () => void, attempt: number) => {
    const timer = setTimeout(
      () => {
        retryTimers.delete(timer);
        work();
      },
      backoffDelay(attempt, 250, 10_000),
    );
    retryTimers.add(timer);
  };

  // Concurrent updates share their round trips: the webhook stores what arrives together in one
  // INSERT, and "handled" marks go out as one UPDATE per batch.
  const stores = createWriteCoalescer<Update[], Set<number>>(
    async (batches) => {
      const fresh = await storeEach(batches.flat());
      // The same update_id twice in one batch (Telegram resending it): only the first is fresh.
      return batches.map((updates) => {
        const mine = new Set<number>();
        for (const update of updates) {
          if (fresh.delete(update.update_id)) mine.add(update.update_id);
        }
        return mine;
      });
    },
    { maxBatch: 50, maxInFlight: 2 },
  );

  /**
   * One INSERT for the batch; when the database refuses its values (SQLSTATE class 22, not an
   * outage), each update alone, so one bad update never holds back the others. One refused even
   * alone is logged by its id and skipped: polling moves past it instead of retrying forever.
   */
  const storeEach = async (updates: Update[]): Promise<Set<number>> => {
    const now = clock.now();
    const leaseUntil = new Date(now.getTime() + leaseMs);
    try {
      return await storeUpdates(db, updates, now, leaseUntil);
    } catch (error) {
      if (!isDataException(error)) throw error;
      if (updates.length === 1) {
        logUnstorable(updates[0] as Update, error);
        return new Set();
      }
      logger.warn(
        { count: updates.length, code: databaseErrorCode(error) },
        "inbox.batch_store_failed",
      );
    }
    const fresh = new Set<number>();
    for (const update of updates) {
      try {
        for (const id of await storeUpdates(db, [update], now, leaseUntil)) fresh.add(id);
      } catch (error) {
        if (!isDataException(error)) throw error;
        logUnstorable(update, error);
      }
    }
    return fresh;
  };
  const logUnstorable = (update: Update, error: unknown) => {
    // The id and the database's code only: the error's message may quote the update.
    logger.error(
      { update_id: update.update_id, code: databaseErrorCode(error) },
      "inbox.update_unstorable",
    );
  };

  const marks = createWriteCoalescer<number, void>(
    async (updateIds) => {
      await markUpdatesHandled(db, updateIds, clock.now());
      return updateIds.map(() => undefined);
    },
    { maxBatch: 500 },
  );

  /** Marking done is retried on its own: the update must not be handled again for it. */
  const recordHandled = async (updateId: number, attempt = 0): Promise<void> => {
    try {
      await marks.submit(updateId);
    } catch (error) {
      if (attempt >= localRetries) {
        logger.error({ err: error, update_id: updateId }, "inbox.mark_handled_failed");
        return;
      }
      retryLater(() => void recordHandled(updateId, attempt + 1), attempt);
    }
  };

  const handle = async (update: Update, attempt = 0): Promise<void> => {
    if (handling.has(update.update_id)) return;
    handling.add(update.update_id);
    let handled = false;
    try {
      await bot.handleUpdate(update);
      handled = true;
      await recordHandled(update.update_id);
    } catch (error) {
      if (handled) return;
      const cause = error instanceof BotError ? error.error : error;
      logger.warn({ err: cause, update_id: update.update_id, attempt }, "inbox.handle_failed");
      const retryAt = new Date(clock.now().getTime() + retryDelayMs);
      await markUpdateFailed(db, update.update_id, String(cause), retryAt).catch(() => undefined);
      // While this process lives it retries the updates it holds; after a crash the lease runs
      // out and the sweep (or the next start) takes them over.
      if (attempt < localRetries && isRetryable(cause)) {
        retryLater(() => void handle(update, attempt + 1), attempt);
      }
    } finally {
      handling.delete(update.update_id);
    }
  };

  return {
    accept: async (received) => {
      // The walk copies the update: only when the serialised form shows a NUL or a lone
      // surrogate (JSON.stringify escapes both) may one be inside.
      const updates = received.map((update) =>
        mayNeedCleaning.test(JSON.stringify(update)) ? withoutUnstorable(update) : update,
      );
      const fresh = await stores.submit(updates);
      return updates.filter((update) => fresh.has(update.update_id));
    },
    handle,
    drainPending: async ({ takeOver = false } = {}) => {
      let total = 0;
      let leaseCutoff = takeOver ? new Date(clock.now().getTime() + leaseMs) : clock.now();
      for (;;) {
        const pending = (
          await claimPendingUpdates(db, clock.now(), leaseCutoff, leaseMs, 200, maxAttempts)
        ).filter((update) => !handling.has(update.update_id));
        // Only the first round takes over; later rounds must not re-take what just failed.
        leaseCutoff = clock.now();
        if (pending.length === 0) return total;
        total += pending.length;
        // Started in update_id order; sequentialize keeps each chat's updates in that order.
        await Promise.all(pending.map(handle));
      }
    },
    prune: (olderThanMs) => pruneUpdatesBefore(db, new Date(clock.now().getTime() - olderThanMs)),
    inFlight: () => handling.size,
    flush: async () => {
      await stores.drain();
      await marks.drain();
    },
    close: () => {
      for (const timer of retryTimers) clearTimeout(timer);
      retryTimers.clear();
    },
  };
}

/** How JSON.stringify writes what `withoutUnstorable` replaces (or a literal "\\ud800" typed). */
const mayNeedCleaning = /\\u(0000|d[89a-f])/i;

// U+0000, a high surrogate without a low one after it, a low one without a high one before it.
// Without the u flag the pattern sees UTF-16 code units, so a lone half can match.
// biome-ignore lint/suspicious/noControlCharactersInRegex: U+0000 is exactly what is looked for.
const unstorable = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * PostgreSQL refuses U+0000 and lone UTF-16 surrogates (\ud800 without its pair) in jsonb and
 * text (22P02 "invalid input syntax for type json"). One update holding either made the store
 * of its whole batch fail, and polling retried that batch forever: the bot fell silent for
 * everyone. Both become U+FFFD. Handlers get the same cleaned copy, so nothing they save from
 * it can fail for that reason either.
 */
export function withoutUnstorable<T>(value: T): T {
  if (typeof value === "string") return value.replace(unstorable, "\uFFFD") as T;
  if (Array.isArray(value)) return value.map(withoutUnstorable) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [withoutUnstorable(key), withoutUnstorable(item)]),
    ) as T;
  }
  return value;
}
