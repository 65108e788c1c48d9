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
  const time = today.getTime();
  return (
    enrollments.find(
      (e) => e.program.startDate.getTime() <= time && time <= e.program.endDate.getTime(),
    ) ??
    enrollments.find((e) => e.program.startDate.getTime() > time) ??
    enrollments.at(-1)
  );
}

export type CurrentEnrollment = NonNullable<Awaited<ReturnType<typeof findCurrentEnrollment>>>;
