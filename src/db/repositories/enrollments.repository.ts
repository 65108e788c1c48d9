import { isoDateOf, localDate } from "../../domain/time.ts";
import type { Enrollment, HostUnit, Program, Province } from "../../generated/prisma/client.ts";
import type { DbOrTx } from "../client.ts";
import { queryRows, reviveTimestamps } from "../direct-sql.ts";

const withProgram = {
  program: { include: { hostProvince: true, sendingProvince: true } },
  hostUnit: true,
} as const;

/**
 * The enrollment a participant acts in now: the program whose dates contain today (in its host
 * province's zone), else the next one to start, else the latest that ended.
 */
export async function findCurrentEnrollment(db: DbOrTx, personId: string, now: Date) {
  const enrollments = await findEnrollmentsWithProgram(db, personId);
  const todayIn = (e: (typeof enrollments)[number]) =>
    localDate(now, e.program.hostProvince.timeZone);
  return (
    enrollments.find(
      (e) =>
        isoDateOf(e.program.startDate) <= todayIn(e) && todayIn(e) <= isoDateOf(e.program.endDate),
    ) ??
    enrollments.find((e) => isoDateOf(e.program.startDate) > todayIn(e)) ??
    enrollments.at(-1)
  );
}

type EnrollmentWithProgram = Enrollment & {
  program: Program & { hostProvince: Province; sendingProvince: Province };
  hostUnit: HostUnit | null;
};

/**
 * A participant's live enrollments (not withdrawn, program active or finished) with program,
 * provinces and host unit, oldest program first. Every check-in and report starts here, so it
 * is one query with joins rather than Prisma's five (one per relation); the rows come back as
 * jsonb and are revived to exactly what `include` returns (a test compares the two).
 */
export async function findEnrollmentsWithProgram(
  db: DbOrTx,
  personId: string,
): Promise<EnrollmentWithProgram[]> {
  const rows = await queryRows<JoinedEnrollmentRow>(db, enrollmentsWithProgramStatement, [
    personId,
  ]);
  return rows.map((row) => ({
    ...(reviveTimestamps(row.enrollment, [
      "placedAt",
      "placementNotifiedAt",
      "registeredAt",
    ]) as Enrollment),
    program: {
      ...(reviveTimestamps(row.program, [
        "startDate",
        "endDate",
        "createdAt",
        "updatedAt",
      ]) as Program),
      coordinatorChatId: row.coordinatorChatId === null ? null : BigInt(row.coordinatorChatId),
      hostProvince: row.hostProvince as Province,
      sendingProvince: row.sendingProvince as Province,
    },
    hostUnit: row.hostUnit ? (reviveTimestamps(row.hostUnit, ["createdAt"]) as HostUnit) : null,
  }));
}

const enrollmentsWithProgramStatement = {
  name: "tandang_enrollments_with_program",
  text: `
    SELECT to_jsonb(e) AS "enrollment", to_jsonb(p) AS "program",
      p."coordinatorChatId"::text AS "coordinatorChatId",
      to_jsonb(hp) AS "hostProvince", to_jsonb(sp) AS "sendingProvince", to_jsonb(hu) AS "hostUnit"
    FROM "Enrollment" e
    JOIN "Program" p ON p."id" = e."programId"
    JOIN "Province" hp ON hp."code" = p."hostProvinceCode"
    JOIN "Province" sp ON sp."code" = p."sendingProvinceCode"
    LEFT JOIN "HostUnit" hu ON hu."id" = e."hostUnitId"
    WHERE e."personId" = $1::text AND e."status"::text <> 'WITHDRAWN'
      AND p."status"::text IN ('ACTIVE', 'FINISHED')
    ORDER BY p."startDate" ASC, e."id" ASC`,
};

interface JoinedEnrollmentRow {
  enrollment: Record<string, unknown>;
  program: Record<string, unknown>;
  coordinatorChatId: string | null;
  hostProvince: Record<string, unknown>;
  sendingProvince: Record<string, unknown>;
  hostUnit: Record<string, unknown> | null;
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

/** Whether the person takes part in any program (not withdrawn): what makes them a participant. */
export async function hasEnrollment(db: DbOrTx, personId: string): Promise<boolean> {
  const found = await db.enrollment.findFirst({
    where: { personId, status: { not: "WITHDRAWN" } },
    select: { id: true },
  });
  return found !== null;
}
