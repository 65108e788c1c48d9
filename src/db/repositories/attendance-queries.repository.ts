import { Prisma } from "../../generated/prisma/client.ts";
import type { AttendanceStatus, ReviewState } from "../../generated/prisma/enums.ts";
import type { DbOrTx } from "../client.ts";

/**
 * Attendance counts for /status, /rekap and the daily recap. Counting happens in SQL (GROUP BY
 * over the indexed programId + localDate), so a program of 10,000 participants never loads its
 * rows into JavaScript just to count them. Withdrawn enrollments are left out everywhere.
 * A participant's unit is the enrollment's current host unit, so counts add up per unit.
 */

/**
 * `undefined` = every unit; `null` = the participants not placed yet; a string = one unit; a list =
 * those units (an actor's scope, see features/access/scope.ts).
 */
export type UnitFilter = string | null | undefined | readonly string[];

function enrollmentUnitFilter(hostUnitId: UnitFilter): Prisma.Sql {
  if (hostUnitId === undefined) return Prisma.empty;
  if (hostUnitId === null) return Prisma.sql`AND e."hostUnitId" IS NULL`;
  if (typeof hostUnitId === "string") return Prisma.sql`AND e."hostUnitId" = ${hostUnitId}`;
  if (hostUnitId.length === 0) return Prisma.sql`AND FALSE`;
  return Prisma.sql`AND e."hostUnitId" IN (${Prisma.join([...hostUnitId])})`;
}

export interface UnitCount {
  hostUnitId: string | null;
  count: number;
}

export async function countEnrollmentsByUnit(
  db: DbOrTx,
  programId: string,
  hostUnitId?: UnitFilter,
): Promise<UnitCount[]> {
  const rows = await db.$queryRaw<{ hostUnitId: string | null; count: bigint }[]>`
    SELECT e."hostUnitId", count(*)::bigint AS count FROM "Enrollment" e
    WHERE e."programId" = ${programId} AND e."status" <> 'WITHDRAWN' ${enrollmentUnitFilter(hostUnitId)}
    GROUP BY e."hostUnitId"`;
  return rows.map((row) => ({ hostUnitId: row.hostUnitId, count: Number(row.count) }));
}

export interface UnitStatusCount {
  hostUnitId: string | null;
  status: AttendanceStatus;
  count: number;
}

export async function countCheckInsByUnitAndStatus(
  db: DbOrTx,
  programId: string,
  localDate: Date,
  hostUnitId?: UnitFilter,
): Promise<(UnitStatusCount & { review: ReviewState })[]> {
  const rows = await db.$queryRaw<
    { hostUnitId: string | null; status: AttendanceStatus; review: ReviewState; count: bigint }[]
  >`
    SELECT e."hostUnitId", c."status"::text AS status, c."review"::text AS review,
      count(*)::bigint AS count
    FROM "CheckIn" c JOIN "Enrollment" e ON e."id" = c."enrollmentId"
    WHERE c."programId" = ${programId} AND c."localDate" = ${localDate}
      AND e."status" <> 'WITHDRAWN' ${enrollmentUnitFilter(hostUnitId)}
    GROUP BY e."hostUnitId", c."status", c."review"`;
  return rows.map((row) => ({ ...row, count: Number(row.count) }));
}

/** Counts kept for people who erased their data (UU 27/2022); they belong to no unit any more. */
export async function listAnonymousAttendance(
  db: DbOrTx,
  programId: string,
  from: Date,
  to: Date,
): Promise<{ localDate: string; status: AttendanceStatus; count: number }[]> {
  const rows = await db.anonymousAttendance.findMany({
    where: { programId, localDate: { gte: from, lte: to }, count: { gt: 0 } },
    select: { localDate: true, status: true, count: true },
  });
  return rows.map((row) => ({
    localDate: row.localDate.toISOString().slice(0, 10),
    status: row.status,
    count: row.count,
  }));
}

export interface MissingParticipant {
  fullName: string;
  hostUnitId: string | null;
}

/** Who has not checked in on the day, by name; limited, since only the first few are shown. */
export function listNotCheckedIn(
  db: DbOrTx,
  programId: string,
  localDate: Date,
  limit: number,
  hostUnitId?: UnitFilter,
): Promise<MissingParticipant[]> {
  return db.$queryRaw<MissingParticipant[]>`
    SELECT p."fullName", e."hostUnitId"
    FROM "Enrollment" e JOIN "Person" p ON p."id" = e."personId"
    WHERE e."programId" = ${programId} AND e."status" <> 'WITHDRAWN'
      ${enrollmentUnitFilter(hostUnitId)}
      AND NOT EXISTS (SELECT 1 FROM "CheckIn" c
        WHERE c."enrollmentId" = e."id" AND c."localDate" = ${localDate}
          AND c."review" <> 'REJECTED')
    ORDER BY p."fullName", e."id"
    LIMIT ${limit}`;
}

export interface UnitMemberAttendance {
  enrollmentId: string;
  fullName: string;
  nip: string | null;
  status: AttendanceStatus | null;
  recordedAt: Date | null;
  review: string | null;
}

/** One unit's participants with the day's check-in, if any (drill-down of /status). */
export function listUnitAttendance(
  db: DbOrTx,
  programId: string,
  hostUnitId: string | null,
  localDate: Date,
  limit: number,
): Promise<UnitMemberAttendance[]> {
  return db.$queryRaw<UnitMemberAttendance[]>`
    SELECT e."id" AS "enrollmentId", p."fullName", p."nip", c."status"::text AS status,
      c."recordedAt", c."review"::text AS review
    FROM "Enrollment" e JOIN "Person" p ON p."id" = e."personId"
    LEFT JOIN "CheckIn" c ON c."enrollmentId" = e."id" AND c."localDate" = ${localDate}
    WHERE e."programId" = ${programId} AND e."status" <> 'WITHDRAWN'
      ${enrollmentUnitFilter(hostUnitId)}
    ORDER BY p."fullName", e."id"
    LIMIT ${limit}`;
}

/** Every check-in of a period as compact rows, for the recap workbook. */
export function listCheckInsOfPeriod(
  db: DbOrTx,
  programId: string,
  from: Date,
  to: Date,
  hostUnitId?: UnitFilter,
): Promise<
  {
    enrollmentId: string;
    localDate: string;
    status: AttendanceStatus;
    recordedAt: Date;
    review: string;
  }[]
> {
  return db.$queryRaw`
    SELECT c."enrollmentId", to_char(c."localDate", 'YYYY-MM-DD') AS "localDate",
      c."status"::text AS status, c."recordedAt", c."review"::text AS review
    FROM "CheckIn" c JOIN "Enrollment" e ON e."id" = c."enrollmentId"
    WHERE c."programId" = ${programId} AND c."localDate" BETWEEN ${from} AND ${to}
      AND e."status" <> 'WITHDRAWN' ${enrollmentUnitFilter(hostUnitId)}`;
}

export function countDailyReportsOn(
  db: DbOrTx,
  programId: string,
  localDate: Date,
  hostUnitIds?: readonly string[],
) {
  return db.dailyReport.count({
    where: {
      programId,
      localDate,
      ...(hostUnitIds ? { enrollment: { hostUnitId: { in: [...hostUnitIds] } } } : {}),
    },
  });
}
