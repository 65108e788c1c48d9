import { Prisma } from "../../generated/prisma/client.ts";
import type { DbOrTx } from "../client.ts";

export interface RecapParticipantRow {
  enrollmentId: string;
  fullName: string;
  nip: string | null;
  ownAgency: string | null;
  jabatan: string | null;
  hostUnitId: string | null;
}

/** Participants of a recap, ordered by name; optionally only those placed in some units. */
export function listRecapParticipants(
  db: DbOrTx,
  programId: string,
  hostUnitIds: readonly string[] | undefined,
): Promise<RecapParticipantRow[]> {
  const units =
    hostUnitIds === undefined
      ? Prisma.empty
      : hostUnitIds.length === 0
        ? Prisma.sql`AND FALSE`
        : Prisma.sql`AND e."hostUnitId" IN (${Prisma.join([...hostUnitIds])})`;
  return db.$queryRaw<RecapParticipantRow[]>`
    SELECT e."id" AS "enrollmentId", p."fullName", p."nip", p."ownAgency",
      p."position" AS jabatan, e."hostUnitId"
    FROM "Enrollment" e JOIN "Person" p ON p."id" = e."personId"
    WHERE e."programId" = ${programId} AND e."status" <> 'WITHDRAWN' ${units}
    ORDER BY p."fullName", e."id"`;
}

export function listDailyReportsOn(
  db: DbOrTx,
  programId: string,
  localDate: Date,
  hostUnitIds: readonly string[] | undefined,
) {
  return db.dailyReport.findMany({
    where: {
      programId,
      localDate,
      ...(hostUnitIds ? { enrollment: { hostUnitId: { in: [...hostUnitIds] } } } : {}),
    },
    select: {
      enrollmentId: true,
      text: true,
      photoFileIds: true,
      createdAt: true,
    },
    orderBy: { createdAt: "asc" },
  });
}

export function listFinalReportsAndFeedback(
  db: DbOrTx,
  programId: string,
  hostUnitIds: readonly string[] | undefined,
) {
  return db.enrollment.findMany({
    where: {
      programId,
      status: { not: "WITHDRAWN" },
      ...(hostUnitIds ? { hostUnitId: { in: [...hostUnitIds] } } : {}),
    },
    select: {
      id: true,
      finalReport: {
        select: { submittedAt: true, fileName: true, text: true, fileSize: true },
      },
      feedback: {
        select: { hostRating: true, mentorRating: true, comment: true, submittedAt: true },
      },
    },
  });
}
