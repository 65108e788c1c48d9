import type { Update } from "grammy/types";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { DbOrTx } from "../client.ts";

function chatIdOf(update: Update): bigint | null {
  const chat =
    update.message?.chat ??
    update.edited_message?.chat ??
    update.callback_query?.message?.chat ??
    update.my_chat_member?.chat;
  const id = chat?.id ?? update.callback_query?.from.id;
  return id === undefined ? null : BigInt(id);
}

/** Stores received updates; returns the ids that were new (a known id is never handled twice). */
export async function storeUpdates(
  db: DbOrTx,
  updates: Update[],
  leaseUntil: Date,
): Promise<Set<number>> {
  if (updates.length === 0) return new Set();
  const created = await db.inboxUpdate.createManyAndReturn({
    data: updates.map((update) => ({
      updateId: BigInt(update.update_id),
      chatId: chatIdOf(update),
      payload: update as unknown as Prisma.InputJsonValue,
      leaseUntil,
    })),
    skipDuplicates: true,
    select: { updateId: true },
  });
  return new Set(created.map((row) => Number(row.updateId)));
}

/** One statement for a whole batch of handled updates (the inbox group-commits its marks). */
export async function markUpdatesHandled(db: DbOrTx, updateIds: number[], at: Date): Promise<void> {
  if (updateIds.length === 0) return;
  await db.inboxUpdate.updateMany({
    where: { updateId: { in: updateIds.map((id) => BigInt(id)) } },
    data: { handledAt: at, leaseUntil: null },
  });
}

export async function markUpdateFailed(
  db: DbOrTx,
  updateId: number,
  error: string,
  retryAt: Date,
): Promise<void> {
  await db.inboxUpdate.update({
    where: { updateId: BigInt(updateId) },
    data: { attempts: { increment: 1 }, lastError: error.slice(0, 500), leaseUntil: retryAt },
  });
}

/**
 * Claims unhandled updates whose lease ran out (a crash, or a failed attempt), oldest first.
 * The lease keeps a second instance from taking the same ones.
 */
export async function claimPendingUpdates(
  db: DbOrTx,
  now: Date,
  leaseExpiredBefore: Date,
  leaseMs: number,
  limit: number,
  maxAttempts: number,
): Promise<Update[]> {
  const rows = await db.$queryRaw<{ payload: Update }[]>`
    UPDATE "InboxUpdate" SET "leaseUntil" = ${new Date(now.getTime() + leaseMs)}
    WHERE "updateId" IN (
      SELECT "updateId" FROM "InboxUpdate"
      WHERE "handledAt" IS NULL AND "attempts" < ${maxAttempts}
        AND ("leaseUntil" IS NULL OR "leaseUntil" < ${leaseExpiredBefore})
      ORDER BY "updateId" LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING "payload"`;
  return rows.map((row) => row.payload).sort((a, b) => a.update_id - b.update_id);
}

export async function pruneHandledUpdates(db: DbOrTx, before: Date): Promise<number> {
  const result = await db.inboxUpdate.deleteMany({ where: { handledAt: { lt: before } } });
  return result.count;
}
