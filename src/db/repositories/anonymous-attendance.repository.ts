import type { AttendanceStatus } from "../../generated/prisma/enums.ts";
import type { DbOrTx } from "../client.ts";

export interface AttendanceCount {
  programId: string;
  localDate: Date;
  status: AttendanceStatus;
  count: number;
}

/** The person's check-ins counted per program, day and status (what a recap needs, no more). */
export async function countCheckInsOfPerson(
  db: DbOrTx,
  personId: string,
): Promise<AttendanceCount[]> {
  const groups = await db.checkIn.groupBy({
    by: ["programId", "localDate", "status"],
    where: { enrollment: { personId } },
    _count: { _all: true },
  });
  return groups.map((group) => ({
    programId: group.programId,
    localDate: group.localDate,
    status: group.status,
    count: group._count._all,
  }));
}

export function addAnonymousAttendance(db: DbOrTx, count: AttendanceCount) {
  const { programId, localDate, status } = count;
  return db.anonymousAttendance.upsert({
    where: { programId_localDate_status: { programId, localDate, status } },
    create: { programId, localDate, status, count: count.count },
    update: { count: { increment: count.count } },
  });
}
