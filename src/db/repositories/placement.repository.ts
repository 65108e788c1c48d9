import type { DbOrTx } from "../client.ts";

/** Registered participants of a program with what placement needs (own agency, current unit). */
export function listPlaceableEnrollments(db: DbOrTx, programId: string) {
  return db.enrollment.findMany({
    where: { programId, status: { not: "WITHDRAWN" } },
    select: {
      id: true,
      hostUnitId: true,
      person: { select: { fullName: true, ownAgency: true, nip: true } },
    },
    orderBy: [{ person: { fullName: "asc" } }, { id: "asc" }],
  });
}

export function findEnrollmentByNip(db: DbOrTx, programId: string, nip: string) {
  return db.enrollment.findFirst({
    where: { programId, status: { not: "WITHDRAWN" }, person: { nip } },
    include: { person: { select: { fullName: true } }, hostUnit: true },
  });
}

export function findEnrollmentOfProgram(db: DbOrTx, programId: string, enrollmentId: string) {
  return db.enrollment.findFirst({
    where: { id: enrollmentId, programId, status: { not: "WITHDRAWN" } },
    include: { person: { select: { fullName: true } }, hostUnit: true },
  });
}

/** Roster rows whose NIP has no enrollment in the program yet: they cannot be placed. */
export async function countRosterNotRegistered(db: DbOrTx, programId: string): Promise<number> {
  const [row] = await db.$queryRaw<{ count: bigint }[]>`
    SELECT count(*)::bigint AS count FROM "RosterEntry" r
    WHERE r."programId" = ${programId} AND NOT EXISTS (
      SELECT 1 FROM "Enrollment" e JOIN "Person" p ON p."id" = e."personId"
      WHERE e."programId" = r."programId" AND p."nip" = r."nip")`;
  return Number(row?.count ?? 0);
}

export async function countPlacedInUnit(db: DbOrTx, hostUnitId: string): Promise<number> {
  return db.enrollment.count({ where: { hostUnitId, status: { not: "WITHDRAWN" } } });
}

/**
 * Places a group of enrollments in one unit; only those of the program are touched, and with
 * `onlyUnplaced` only those still without a unit. Returns the ids actually placed.
 */
export async function placeEnrollments(
  db: DbOrTx,
  programId: string,
  hostUnitId: string,
  enrollmentIds: string[],
  at: Date,
  { onlyUnplaced = false }: { onlyUnplaced?: boolean } = {},
): Promise<string[]> {
  const rows = await db.enrollment.updateManyAndReturn({
    where: {
      programId,
      id: { in: enrollmentIds },
      status: { not: "WITHDRAWN" },
      ...(onlyUnplaced ? { hostUnitId: null } : {}),
    },
    data: { hostUnitId, placedAt: at, placementNotifiedAt: null },
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

export function findTelegramIdOfEnrollment(db: DbOrTx, enrollmentId: string) {
  return db.enrollment.findUnique({
    where: { id: enrollmentId },
    select: { person: { select: { account: { select: { telegramUserId: true } } } } },
  });
}
