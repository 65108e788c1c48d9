import type { Update } from "grammy/types";
import type { DbOrTx } from "../client.ts";

function chatIdOf(update: Update): number | null {
  const chat =
    update.message?.chat ??
    update.edited_message?.chat ??
    update.callback_query?.message?.chat ??
    update.my_chat_member?.chat;
  const id = chat?.id ?? update.callback_query?.from.id;
  return id ?? null;
}

/**
 * Stores received updates; returns the ids that were new (a known id is never handled twice).
 * Hand-written: Prisma's createManyAndReturn cost about 0.7–0.9 ms of CPU a call (measured),
 * the largest single cost of a check-in; one jsonb parameter carries the whole batch.
 */
export async function storeUpdates(
  db: DbOrTx,
  updates: Update[],
  receivedAt: Date,
  leaseUntil: Date,
): Promise<Set<number>> {
  if (updates.length === 0) return new Set();
  const rows = updates.map((update) => ({
    updateId: update.update_id,
    chatId: chatIdOf(update),
    payload: update,
  }));
  const created = await db.$queryRaw<{ updateId: bigint }[]>`
    INSERT INTO "InboxUpdate" ("updateId", "chatId", "payload", "receivedAt", "leaseUntil")
    SELECT r."updateId", r."chatId", r."payload", ${receivedAt}, ${leaseUntil}
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS r("updateId" bigint, "chatId" bigint, "payload" jsonb)
    ON CONFLICT DO NOTHING
    RETURNING "updateId"`;
  return new Set(created.map((row) => Number(row.updateId)));
}

/** One statement for a whole batch of handled updates (the inbox group-commits its marks). */
export async function markUpdatesHandled(db: DbOrTx, updateIds: number[], at: Date): Promise<void> {
  if (updateIds.length === 0) return;
  await db.$executeRaw`
    UPDATE "InboxUpdate" SET "handledAt" = ${at}, "leaseUntil" = NULL
    WHERE "updateId" = ANY(${updateIds.map((id) => BigInt(id))}::bigint[])`;
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

/**
 * Deletes raw updates handled before `before`, and those received before it that were never
 * handled (given up after their attempts): either way they hold what the user typed.
 */
export async function pruneUpdatesBefore(db: DbOrTx, before: Date): Promise<number> {
  const result = await db.inboxUpdate.deleteMany({
    where: { OR: [{ handledAt: { lt: before } }, { handledAt: null, receivedAt: { lt: before } }] },
  });
  return result.count;
}
