import type { DbOrTx } from "../client.ts";

export interface ParticipantHit {
  enrollmentId: string;
  fullName: string;
  nip: string | null;
  hostUnitId: string | null;
}

/** Participants of a program by exact NIP or by a part of the name (case-insensitive). */
export async function searchProgramParticipants(
  db: DbOrTx,
  programId: string,
  query: { nip?: string; name?: string },
  hostUnitIds: readonly string[] | undefined,
  limit: number,
): Promise<ParticipantHit[]> {
  const rows = await db.enrollment.findMany({
    where: {
      programId,
      status: { not: "WITHDRAWN" },
      ...(hostUnitIds === undefined ? {} : { hostUnitId: { in: [...hostUnitIds] } }),
      person: query.nip
        ? { nip: query.nip }
        : { fullName: { contains: query.name ?? "", mode: "insensitive" } },
    },
    select: { id: true, hostUnitId: true, person: { select: { fullName: true, nip: true } } },
    orderBy: { person: { fullName: "asc" } },
    take: limit,
  });
  return rows.map((row) => ({
    enrollmentId: row.id,
    fullName: row.person.fullName,
    nip: row.person.nip,
    hostUnitId: row.hostUnitId,
  }));
}

export function findParticipantDetails(db: DbOrTx, programId: string, enrollmentId: string) {
  return db.enrollment.findFirst({
    where: { id: enrollmentId, programId },
    include: {
      person: true,
      hostUnit: true,
      finalReport: { select: { submittedAt: true } },
      feedback: { select: { hostRating: true } },
      checkIns: { select: { localDate: true, status: true, recordedAt: true, review: true } },
      _count: { select: { dailyReports: true } },
    },
  });
}
