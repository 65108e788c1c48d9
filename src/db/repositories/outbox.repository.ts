import type { OutboxStatus, Prisma } from "../../generated/prisma/client.ts";
import type { DbOrTx } from "../client.ts";

export type OutboxMethod = "sendMessage" | "sendPhoto" | "sendDocument" | "sendLocation";

export interface NewOutboxMessage {
  /** Unique per logical message: a job run or broadcast enqueued twice adds nothing. */
  dedupeKey: string;
  chatId: bigint;
  personId?: string | null;
  /** What the message is, for logs and metrics (morning_reminder, broadcast, …). */
  kind: string;
  method: OutboxMethod;
  /** The Bot API parameters except chat_id. */
  payload: Record<string, unknown>;
  notBefore: Date;
  dueBy?: Date | null;
  broadcastId?: string | null;
}

/** A row as the worker holds it after claiming. */
export interface ClaimedOutboxMessage {
  id: bigint;
  dedupeKey: string;
  chatId: bigint;
  personId: string | null;
  kind: string;
  method: string;
  payload: Record<string, unknown>;
  attempts: number;
  dueBy: Date | null;
  broadcastId: string | null;
}

/** Inserts messages, skipping any whose dedupeKey exists; returns how many are new. */
export async function insertOutboxMessages(
  db: DbOrTx,
  messages: NewOutboxMessage[],
): Promise<number> {
  let inserted = 0;
  // Chunks keep one statement under PostgreSQL's 65,535 bind parameters.
  for (let start = 0; start < messages.length; start += 2000) {
    const chunk = messages.slice(start, start + 2000);
    const result = await db.outboxMessage.createMany({
      data: chunk.map((message) => ({
        dedupeKey: message.dedupeKey,
        chatId: message.chatId,
        personId: message.personId ?? null,
        kind: message.kind,
        method: message.method,
        payload: message.payload as Prisma.InputJsonValue,
        notBefore: message.notBefore,
        dueBy: message.dueBy ?? null,
        broadcastId: message.broadcastId ?? null,
      })),
      skipDuplicates: true,
    });
    inserted += result.count;
  }
  return inserted;
}

/**
 * Claims up to `limit` messages that are due, and leases them to `workerId`. Messages with a
 * deadline (reminders due by their set time) go first, earliest deadline first; the rest
 * (broadcasts) in the order they were queued. SKIP LOCKED lets several instances claim side by side without
 * waiting on or taking each other's rows. A SENDING row whose lease ran out belonged to a
 * worker that died: it is claimable again, which is the only way a message can go out twice.
 */
export async function claimOutboxBatch(
  db: DbOrTx,
  options: { now: Date; leaseUntil: Date; workerId: string; limit: number },
): Promise<ClaimedOutboxMessage[]> {
  const rows = await db.$queryRaw<ClaimedOutboxMessage[]>`
    UPDATE "OutboxMessage"
    SET "status" = 'SENDING', "leaseUntil" = ${options.leaseUntil}, "leasedBy" = ${options.workerId}
    WHERE "id" IN (
      SELECT "id" FROM "OutboxMessage"
      WHERE ("status" = 'PENDING' AND "notBefore" <= ${options.now})
         OR ("status" = 'SENDING' AND "leaseUntil" < ${options.now})
      ORDER BY "dueBy" ASC NULLS LAST, "id"
      LIMIT ${options.limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING "id", "dedupeKey", "chatId", "personId", "kind", "method", "payload", "attempts",
      "dueBy", "broadcastId"`;
  return rows.sort((a, b) => {
    const deadline = (row: ClaimedOutboxMessage) => row.dueBy?.getTime() ?? Number.MAX_VALUE;
    return deadline(a) - deadline(b) || (a.id < b.id ? -1 : 1);
  });
}

export interface SentMark {
  id: bigint;
  telegramMessageId: number | null;
  at: Date;
}

/**
 * Marks many messages SENT in one statement (the worker records sends in batches: one UPDATE
 * per message bounded the paid rate). The rows travel as one jsonb parameter, which every
 * driver passes the same way; "at" is UTC, as Prisma stores DateTime.
 */
export async function markOutboxSentMany(db: DbOrTx, marks: SentMark[]): Promise<void> {
  if (marks.length === 0) return;
  const rows = JSON.stringify(
    marks.map((mark) => ({
      id: mark.id.toString(),
      messageId: mark.telegramMessageId,
      at: mark.at.toISOString(),
    })),
  );
  await db.$executeRaw`
    UPDATE "OutboxMessage" AS o
    SET "status" = 'SENT', "telegramMessageId" = v."messageId", "sentAt" = v."at",
      "leaseUntil" = NULL, "lastError" = NULL
    FROM jsonb_to_recordset(${rows}::jsonb) AS v("id" bigint, "messageId" integer, "at" timestamp(3))
    WHERE o."id" = v."id"`;
}

/**
 * Puts a message back in the queue for later. Guarded by the lease holder, so a worker whose
 * lease ran out cannot reset a row another worker is sending now.
 */
export async function rescheduleOutbox(
  db: DbOrTx,
  id: bigint,
  workerId: string,
  change: { notBefore: Date; countAttempt: boolean; lastError?: string },
): Promise<void> {
  await db.outboxMessage.updateMany({
    where: { id, leasedBy: workerId, status: "SENDING" },
    data: {
      status: "PENDING",
      notBefore: change.notBefore,
      leaseUntil: null,
      leasedBy: null,
      ...(change.countAttempt ? { attempts: { increment: 1 } } : {}),
      ...(change.lastError !== undefined ? { lastError: change.lastError.slice(0, 500) } : {}),
    },
  });
}

export async function markOutboxFinal(
  db: DbOrTx,
  id: bigint,
  workerId: string,
  status: Extract<OutboxStatus, "FAILED" | "UNREACHABLE">,
  lastError: string,
): Promise<void> {
  await db.outboxMessage.updateMany({
    where: { id, leasedBy: workerId, status: "SENDING" },
    data: {
      status,
      lastError: lastError.slice(0, 500),
      leaseUntil: null,
      attempts: { increment: 1 },
    },
  });
}

/** Messages waiting or being sent: the queue depth. */
export function countQueuedOutbox(db: DbOrTx): Promise<number> {
  return db.outboxMessage.count({ where: { status: { in: ["PENDING", "SENDING"] } } });
}

export async function countOutboxByStatusForBroadcast(
  db: DbOrTx,
  broadcastId: string,
): Promise<Record<OutboxStatus, number>> {
  const groups = await db.outboxMessage.groupBy({
    by: ["status"],
    where: { broadcastId },
    _count: { _all: true },
  });
  const counts: Record<OutboxStatus, number> = {
    PENDING: 0,
    SENDING: 0,
    SENT: 0,
    FAILED: 0,
    UNREACHABLE: 0,
    CANCELLED: 0,
  };
  for (const group of groups) counts[group.status] = group._count._all;
  return counts;
}

/** Who a broadcast could not reach (blocked the bot, deactivated, never started it). */
export function listUnreachableOfBroadcast(db: DbOrTx, broadcastId: string) {
  return db.outboxMessage.findMany({
    where: { broadcastId, status: "UNREACHABLE" },
    select: { chatId: true, personId: true },
    orderBy: { id: "asc" },
  });
}
