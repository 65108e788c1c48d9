import type { Update } from "grammy/types";
import type { DbOrTx } from "../client.ts";
import { execute, queryRows } from "../direct-sql.ts";

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
 * the largest single cost of a check-in; one jsonb parameter carries the whole batch, one
 * prepared statement straight through node-postgres (see direct-sql.ts).
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
  const created = await queryRows<{ updateId: string }>(db, storeUpdatesStatement, [
    JSON.stringify(rows),
    receivedAt.toISOString(),
    leaseUntil.toISOString(),
  ]);
  return new Set(created.map((row) => Number(row.updateId)));
}

const storeUpdatesStatement = {
  name: "tandang_store_updates",
  text: `
    INSERT INTO "InboxUpdate" ("updateId", "chatId", "payload", "receivedAt", "leaseUntil")
    SELECT r."updateId", r."chatId", r."payload", $2::timestamp, $3::timestamp
    FROM jsonb_to_recordset($1::jsonb) AS r("updateId" bigint, "chatId" bigint, "payload" jsonb)
    ON CONFLICT DO NOTHING
    RETURNING "updateId"::text AS "updateId"`,
};

/** One statement for a whole batch of handled updates (the inbox group-commits its marks). */
export async function markUpdatesHandled(db: DbOrTx, updateIds: number[], at: Date): Promise<void> {
  if (updateIds.length === 0) return;
  await execute(db, markHandledStatement, [at.toISOString(), updateIds.join(",")]);
}

const markHandledStatement = {
  name: "tandang_mark_updates_handled",
  text: `
    UPDATE "InboxUpdate" SET "handledAt" = $1::timestamp, "leaseUntil" = NULL
    WHERE "updateId" = ANY(string_to_array($2::text, ',')::bigint[])`,
};

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
