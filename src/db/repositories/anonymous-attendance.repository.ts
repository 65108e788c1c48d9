import type { DbOrTx } from "../client.ts";

/**
 * Adds the person's check-ins to the anonymous counts per program, day and status (what a
 * recap needs, no more), in one statement; returns how many check-ins were counted.
 */
export async function addCheckInsOfPersonToAnonymousCounts(
  db: DbOrTx,
  personId: string,
): Promise<number> {
  const rows = await db.$queryRaw<{ counted: bigint }[]>`
    WITH counts AS (
      SELECT c."programId", c."localDate", c."status", count(*)::int AS "count"
      FROM "CheckIn" c JOIN "Enrollment" e ON e."id" = c."enrollmentId"
      WHERE e."personId" = ${personId}
      GROUP BY c."programId", c."localDate", c."status"
    ), added AS (
      INSERT INTO "AnonymousAttendance" ("id", "programId", "localDate", "status", "count")
      SELECT gen_random_uuid()::text, "programId", "localDate", "status", "count" FROM counts
      ON CONFLICT ("programId", "localDate", "status")
      DO UPDATE SET "count" = "AnonymousAttendance"."count" + EXCLUDED."count"
      RETURNING 1
    )
    SELECT COALESCE(sum("count"), 0)::bigint AS counted FROM counts`;
  return Number(rows[0]?.counted ?? 0);
}
