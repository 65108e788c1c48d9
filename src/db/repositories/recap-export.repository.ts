import type { DbOrTx } from "../client.ts";

export interface RecapParticipantRow {
  enrollmentId: string;
  fullName: string;
  nip: string | null;
  ownAgency: string | null;
  hostUnitId: string | null;
}

/** Participants of a recap, ordered by name; optionally one unit only. */
export function listRecapParticipants(
  db: DbOrTx,
  programId: string,
  hostUnitId: string | undefined,
): Promise<RecapParticipantRow[]> {
  return db.$queryRaw<RecapParticipantRow[]>`
    SELECT e."id" AS "enrollmentId", p."fullName", p."nip", p."ownAgency", e."hostUnitId"
    FROM "Enrollment" e JOIN "Person" p ON p."id" = e."personId"
    WHERE e."programId" = ${programId} AND e."status" <> 'WITHDRAWN'
      AND (${hostUnitId ?? null}::text IS NULL OR e."hostUnitId" = ${hostUnitId ?? null})
    ORDER BY p."fullName", e."id"`;
}

export function listDailyReportsOn(
  db: DbOrTx,
  programId: string,
  localDate: Date,
  hostUnitId: string | undefined,
) {
  return db.dailyReport.findMany({
    where: {
      programId,
      localDate,
      ...(hostUnitId ? { enrollment: { hostUnitId } } : {}),
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
  hostUnitId: string | undefined,
) {
  return db.enrollment.findMany({
    where: {
      programId,
      status: { not: "WITHDRAWN" },
      ...(hostUnitId ? { hostUnitId } : {}),
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
