import { localDate } from "../../domain/time.ts";
import type { DbOrTx } from "../client.ts";

const withProgram = {
  program: { include: { hostProvince: true, sendingProvince: true } },
  hostUnit: true,
} as const;

/**
 * The enrollment a participant acts in now: the program whose dates contain today (in its host
 * province's zone), else the next one to start, else the latest that ended.
 */
export async function findCurrentEnrollment(db: DbOrTx, personId: string, now: Date) {
  const enrollments = await db.enrollment.findMany({
    where: {
      personId,
      status: { not: "WITHDRAWN" },
      program: { status: { in: ["ACTIVE", "FINISHED"] } },
    },
    include: withProgram,
    orderBy: { program: { startDate: "asc" } },
  });
  const todayIn = (e: (typeof enrollments)[number]) =>
    localDate(now, e.program.hostProvince.timeZone);
  const isoOf = (date: Date) => date.toISOString().slice(0, 10);
  return (
    enrollments.find(
      (e) => isoOf(e.program.startDate) <= todayIn(e) && todayIn(e) <= isoOf(e.program.endDate),
    ) ??
    enrollments.find((e) => isoOf(e.program.startDate) > todayIn(e)) ??
    enrollments.at(-1)
  );
}

export type CurrentEnrollment = NonNullable<Awaited<ReturnType<typeof findCurrentEnrollment>>>;

/** Everything the placement notice shows: program, host province, host unit and the person. */
export function findEnrollmentForPlacementNotice(db: DbOrTx, enrollmentId: string) {
  return db.enrollment.findUnique({
    where: { id: enrollmentId },
    include: { ...withProgram, person: { include: { account: true } } },
  });
}

export function markPlacementNotified(db: DbOrTx, enrollmentId: string, at: Date) {
  return db.enrollment.update({ where: { id: enrollmentId }, data: { placementNotifiedAt: at } });
}
