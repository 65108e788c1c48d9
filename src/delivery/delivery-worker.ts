import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { performance } from "node:perf_hooks";
import type { Api } from "grammy";
import type { Db } from "../db/client.ts";
import { markAccountUnreachable } from "../db/repositories/accounts.repository.ts";
import {
  type ClaimedOutboxMessage,
  claimOutboxBatch,
  markOutboxFinal,
  rescheduleOutbox,
} from "../db/repositories/outbox.repository.ts";
import type { Logger } from "../logger.ts";
import type { Clock } from "../shared/clock.ts";
import type { Metrics } from "../shared/metrics.ts";
import { backoffDelay, wakeableSleep } from "../shared/sleep.ts";
import { type GeneratedDocuments, resolveGeneratedDocument } from "./generated-documents.ts";
import { classifySendError, type SendOutcome } from "./send-outcome.ts";
import { isGroupChat, SendPacer } from "./send-pacer.ts";
import { createSentMarks } from "./sent-marks.ts";

export interface DeliveryObserver {
  /** Called once a message reached a state (sent, rescheduled, failed); never throws into the worker. */
  onSettled(message: ClaimedOutboxMessage, outcome: SendOutcome): void;
}

export interface DeliveryWorkerOptions {
  db: Db;
  /** A raw grammY Api (no throttler, no auto-retry): this worker paces and retries itself. */
  api: Api;
  clock: Clock;
  logger: Logger;
  metrics?: Metrics;
  /** Messages per second over all chats; above 30 sends use paid broadcasts. */
  ratePerSecond: number;
  workerId?: string;
  /**
   * Most messages this worker holds at once (claimed and waiting for their slot, in an HTTP
   * call, or accepted and waiting for their SENT mark). It bounds what a crash can send twice.
   * Default: half a second's worth, 8 to 500 (15 at 30/s, 500 at 1,000/s).
   */
  concurrency?: number;
  /** Accepted sends are marked SENT together, one UPDATE per this interval. */
  markSentEveryMs?: number;
  leaseMs?: number;
  idlePollMs?: number;
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** A claimed message whose slot is further away than this goes back to the queue. */
  maxHoldMs?: number;
  perChatIntervalMs?: number;
  perGroupIntervalMs?: number;
  observer?: DeliveryObserver;
  /** Builders of documents made at send time (certificates), by the payload's `generated` kind. */
  documents?: GeneratedDocuments;
}

export interface DeliveryWorker {
  readonly workerId: string;
  readonly concurrency: number;
  start(): void;
  /** Stops claiming, finishes the calls under way, hands back what was only waiting. */
  stop(): Promise<void>;
  /**
   * Stops at once and records nothing more, as a crash would: what it held stays SENDING until
   * the lease runs out. Returns the ids a crash would send again (tests): those in an HTTP call
   * at that moment and those Telegram accepted whose SENT mark was not written yet.
   */
  abandon(): bigint[];
  /** Claims now instead of at the next poll (after something was enqueued in this process). */
  wake(): void;
  held(): number;
}

const allowedMethods = new Set(["sendMessage", "sendPhoto", "sendDocument", "sendLocation"]);

/**
 * Sends the durable outbox. Claims due rows with a lease (FOR UPDATE SKIP LOCKED, so several
 * instances share the queue), paces them (SendPacer), sends each once, and records the result.
 *
 * Duplicates: a row is marked SENT only after Telegram answered, in batches (sent-marks.ts).
 * If the process dies between the call and that update, the lease runs out and another worker
 * sends the row again. So only the rows in an HTTP call or waiting for their mark at the moment
 * of a crash can arrive twice; they are among the rows held, so at most `concurrency` messages
 * per crashed worker (see docs/delivery.md).
 */
export function createDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const { db, api, clock, logger, metrics } = options;
  const workerId =
    options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const concurrency =
    options.concurrency ?? Math.min(500, Math.max(8, Math.ceil(options.ratePerSecond / 2)));
  // Claims wait until this many rows are free, so the queue is read in batches while what is
  // still held keeps the sends going (a claim per freed row made the database the bottleneck).
  const claimBatch = Math.max(1, Math.ceil(concurrency / 4));
  const leaseMs = options.leaseMs ?? 60_000;
  const idlePollMs = options.idlePollMs ?? 500;
  const maxAttempts = options.maxAttempts ?? 5;
  const backoffBaseMs = options.backoffBaseMs ?? 2_000;
  const backoffMaxMs = options.backoffMaxMs ?? 5 * 60_000;
  const maxHoldMs = options.maxHoldMs ?? 10_000;
  const paidBroadcast = options.ratePerSecond > 30;
  const pacer = new SendPacer({
    ratePerSecond: options.ratePerSecond,
    perChatIntervalMs: options.perChatIntervalMs,
    perGroupIntervalMs: options.perGroupIntervalMs,
  });
  const log = logger.child({ worker: workerId });
  const sentMarks = createSentMarks({ db, logger: log, flushEveryMs: options.markSentEveryMs });

  let state: "idle" | "running" | "stopping" | "stopped" = "idle";
  let abandoned = false;
  let loopDone: Promise<void> = Promise.resolve();
  const holding = new Map<bigint, ClaimedOutboxMessage>();
  const calling = new Set<bigint>();
  const tasks = new Set<Promise<void>>();
  let wakeUp: (() => void) | undefined;

  const nap = async (ms: number) => {
    const { done, wake } = wakeableSleep(ms);
    wakeUp = wake;
    await done;
    if (wakeUp === wake) wakeUp = undefined;
  };
  // Waits for a send slot; stop() and abandon() cut them short.
  const sleepers = new Set<() => void>();
  const sleep = async (ms: number) => {
    const { done, wake } = wakeableSleep(ms);
    sleepers.add(wake);
    await done;
    sleepers.delete(wake);
  };
  const wakeSleepers = () => {
    for (const wake of [...sleepers]) wake();
  };
  const inFuture = (ms: number) => new Date(clock.now().getTime() + ms);

  const release = async (message: ClaimedOutboxMessage, afterMs: number) => {
    await rescheduleOutbox(db, message.id, workerId, {
      notBefore: inFuture(afterMs),
      countAttempt: false,
    });
  };

  const send = async (message: ClaimedOutboxMessage): Promise<SendOutcome> => {
    if (!allowedMethods.has(message.method)) {
      return { type: "failed", error: `unknown method ${message.method}` };
    }
    const call = (api.raw as unknown as Record<string, (p: unknown) => Promise<unknown>>)[
      message.method
    ];
    let resolved: Awaited<ReturnType<typeof resolveGeneratedDocument>>;
    try {
      resolved = await resolveGeneratedDocument(message.payload, options.documents);
    } catch (error) {
      // Building failed (a worker cap, a database hiccup): try again later like a send error.
      log.warn({ err: error, outbox_id: String(message.id) }, "delivery.document_failed");
      return { type: "retry", error: "generated document could not be built" };
    }
    if (!resolved.ok) return { type: "failed", error: resolved.error };
    const payload = {
      ...resolved.payload,
      chat_id: Number(message.chatId),
      ...(paidBroadcast ? { allow_paid_broadcast: true } : {}),
    };
    try {
      const result = (await call?.call(api.raw, payload)) as { message_id?: number } | undefined;
      const document = resolved.document;
      if (document) {
        await options.documents?.[document.generated]
          ?.sent?.(document.ref, clock.now())
          .catch((error) => log.warn({ err: error }, "delivery.document_mark_failed"));
      }
      return { type: "sent", messageId: result?.message_id ?? null };
    } catch (error) {
      return classifySendError(error);
    }
  };

  const settle = async (message: ClaimedOutboxMessage, outcome: SendOutcome) => {
    switch (outcome.type) {
      case "sent":
        await sentMarks.record({
          id: message.id,
          telegramMessageId: outcome.messageId,
          at: clock.now(),
        });
        metrics?.increment("tandang_outbox_sent_total");
        break;
      case "rate-limited": {
        // Our own pacing keeps a private chat under 1/s, so a 429 there means the overall
        // limit: everything waits. A group's 429 is its own 20-a-minute limit: only it waits.
        const until = performance.now() + outcome.retryAfterSeconds * 1000;
        if (isGroupChat(message.chatId)) pacer.pauseChat(message.chatId, until);
        else pacer.pauseAll(until);
        await rescheduleOutbox(db, message.id, workerId, {
          notBefore: inFuture(outcome.retryAfterSeconds * 1000),
          countAttempt: false,
          lastError: outcome.error,
        });
        metrics?.increment("tandang_outbox_retried_total", 1, { reason: "rate_limited" });
        log.warn(
          { outbox_id: String(message.id), retry_after: outcome.retryAfterSeconds },
          "delivery.rate_limited",
        );
        break;
      }
      case "retry": {
        const attempts = message.attempts + 1;
        if (attempts >= maxAttempts) {
          await markOutboxFinal(db, message.id, workerId, "FAILED", outcome.error);
          metrics?.increment("tandang_outbox_failed_total", 1, { reason: "gave_up" });
          log.warn({ outbox_id: String(message.id), attempts }, "delivery.gave_up");
          break;
        }
        const delay = backoffDelay(attempts - 1, backoffBaseMs, backoffMaxMs);
        await rescheduleOutbox(db, message.id, workerId, {
          notBefore: inFuture(delay),
          countAttempt: true,
          lastError: outcome.error,
        });
        metrics?.increment("tandang_outbox_retried_total", 1, { reason: "error" });
        break;
      }
      case "unreachable":
        await markOutboxFinal(db, message.id, workerId, "UNREACHABLE", outcome.error);
        if (!isGroupChat(message.chatId)) {
          await markAccountUnreachable(db, message.chatId, outcome.error, clock.now());
        }
        metrics?.increment("tandang_outbox_failed_total", 1, { reason: "unreachable" });
        log.info({ outbox_id: String(message.id) }, "delivery.unreachable");
        break;
      case "failed":
        await markOutboxFinal(db, message.id, workerId, "FAILED", outcome.error);
        metrics?.increment("tandang_outbox_failed_total", 1, { reason: "rejected" });
        log.warn({ outbox_id: String(message.id), error: outcome.error }, "delivery.rejected");
        break;
    }
  };

  const deliver = async (message: ClaimedOutboxMessage) => {
    if (abandoned) return;
    const planned = performance.now();
    const earliest = pacer.earliest(message.chatId, planned);
    if (state !== "running" || earliest - planned > maxHoldMs) {
      await release(message, Math.max(0, earliest - planned));
      return;
    }
    await sleep(pacer.reserve(message.chatId, planned) - planned);
    // The planned slot has come; a 429 meanwhile, or timers that fired late, may ask for more.
    for (;;) {
      if (abandoned) return;
      const now = performance.now();
      const wait = Math.max(pacer.pausedFor(now), pacer.windowWait(now));
      if (state !== "running" || wait > maxHoldMs) {
        await release(message, state === "running" ? wait : 0);
        return;
      }
      if (wait === 0) break;
      await sleep(wait);
    }
    const ticket = pacer.recordSend(performance.now());
    calling.add(message.id);
    let outcome: SendOutcome;
    try {
      outcome = await send(message);
    } finally {
      pacer.answered(ticket, performance.now());
      calling.delete(message.id);
    }
    if (abandoned) return;
    await settle(message, outcome);
    if (abandoned) return;
    try {
      options.observer?.onSettled(message, outcome);
    } catch (error) {
      log.warn({ err: error }, "delivery.observer_failed");
    }
  };

  const hold = (message: ClaimedOutboxMessage) => {
    holding.set(message.id, message);
    const task = deliver(message)
      .catch((error) => {
        // The row stays SENDING; its lease running out hands it to a worker again.
        log.error({ err: error, outbox_id: String(message.id) }, "delivery.settle_failed");
      })
      .finally(() => {
        holding.delete(message.id);
        tasks.delete(task);
        wakeUp?.();
      });
    tasks.add(task);
  };

  const loop = async () => {
    let idleRounds = 0;
    while (state === "running") {
      const free = concurrency - holding.size;
      // Claim the next batch while the rows still held keep sending; with nothing held, claim
      // whatever room there is.
      if (free <= 0 || (free < claimBatch && holding.size > 0)) {
        await nap(idlePollMs);
        continue;
      }
      let claimed: ClaimedOutboxMessage[];
      try {
        const now = clock.now();
        claimed = await claimOutboxBatch(db, {
          now,
          leaseUntil: new Date(now.getTime() + leaseMs),
          workerId,
          limit: free,
        });
      } catch (error) {
        if (state !== "running") break;
        log.warn({ err: error }, "delivery.claim_failed");
        await nap(idlePollMs * 4);
        continue;
      }
      if (abandoned) return;
      if (claimed.length === 0) {
        // An idle queue is polled less and less often (up to 4× the poll interval); work
        // enqueued in this process wakes the worker at once.
        idleRounds = Math.min(idleRounds + 1, 3);
        await nap(backoffDelay(idleRounds - 1, idlePollMs, idlePollMs * 4));
        continue;
      }
      idleRounds = 0;
      for (const message of claimed) hold(message);
    }
  };

  return {
    workerId,
    concurrency,
    start: () => {
      if (state !== "idle") return;
      state = "running";
      loopDone = loop().catch((error) => log.error({ err: error }, "delivery.loop_failed"));
      log.info({ concurrency, rate: options.ratePerSecond }, "delivery.started");
    },
    stop: async () => {
      if (state === "stopped" || state === "stopping") return;
      state = "stopping";
      wakeUp?.();
      wakeSleepers();
      await loopDone;
      while (tasks.size > 0) {
        // Tasks that sent wait for their SENT mark: write it now rather than after the interval.
        const pending = Promise.allSettled([...tasks]);
        await sentMarks.drain();
        await pending;
      }
      state = "stopped";
      log.info("delivery.stopped");
    },
    abandon: () => {
      abandoned = true;
      state = "stopped";
      const atRisk = [...calling, ...sentMarks.pendingIds()];
      sentMarks.abandon();
      wakeUp?.();
      wakeSleepers();
      return atRisk;
    },
    wake: () => wakeUp?.(),
    held: () => holding.size,
  };
}
