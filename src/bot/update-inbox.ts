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
import type { BotContext } from "./context.ts";
import { isDatabaseUnavailable, RetryLaterError } from "./errors.ts";
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
      Math.min(10_000, 250 * 2 ** attempt),
    );
    retryTimers.add(timer);
  };

  // Concurrent updates share their round trips: the webhook stores what arrives together in one
  // INSERT, and "handled" marks go out as one UPDATE per batch.
  const stores = createWriteCoalescer<Update[], Set<number>>(
    async (batches) => {
      const now = clock.now();
      const fresh = await storeUpdates(db, batches.flat(), now, new Date(now.getTime() + leaseMs));
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
      // The walk copies the update: only when the serialised form shows a NUL may be inside.
      const updates = received.map((update) =>
        JSON.stringify(update).includes("\\u0000") ? withoutNul(update) : update,
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

/**
 * PostgreSQL refuses U+0000 in jsonb and text ("unsupported Unicode escape sequence"). One
 * update holding it made the store of its whole batch fail, and polling retried that batch
 * forever: the bot fell silent for everyone. Handlers get the same cleaned copy, so nothing
 * they save from it can fail for that reason either.
 */
export function withoutNul<T>(value: T): T {
  if (typeof value === "string") {
    return (value.includes("\u0000") ? value.replaceAll("\u0000", "\uFFFD") : value) as T;
  }
  if (Array.isArray(value)) return value.map(withoutNul) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, withoutNul(item)]),
    ) as T;
  }
  return value;
}
