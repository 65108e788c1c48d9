import type { DbOrTx } from "../client.ts";

export interface RosterFields {
  nip: string;
  fullName: string;
  position: string | null;
  ownAgency: string | null;
  phone: string | null;
}

export function listRosterOfProgram(db: DbOrTx, programId: string) {
  return db.rosterEntry.findMany({ where: { programId }, orderBy: { fullName: "asc" } });
}

export function upsertRosterEntry(db: DbOrTx, programId: string, fields: RosterFields, at: Date) {
  return db.rosterEntry.upsert({
    where: { programId_nip: { programId, nip: fields.nip } },
    create: { programId, ...fields, importedAt: at },
    update: { ...fields, importedAt: at },
  });
}

/** Enrollments of the program keyed by the participant's NIP, for placement imports. */
export function listEnrollmentsWithNip(db: DbOrTx, programId: string) {
  return db.enrollment.findMany({
    where: { programId, status: { not: "WITHDRAWN" }, person: { nip: { not: null } } },
    select: { id: true, hostUnitId: true, person: { select: { nip: true, fullName: true } } },
  });
}

export function setEnrollmentHostUnit(
  db: DbOrTx,
  enrollmentId: string,
  hostUnitId: string,
  at: Date,
) {
  return db.enrollment.update({
    where: { id: enrollmentId },
    data: { hostUnitId, placedAt: at, placementNotifiedAt: null },
  });
}

/** A placement for a roster NIP not registered yet; registration applies it. */
export function setRosterPendingHostUnit(db: DbOrTx, rosterEntryId: string, hostUnitId: string) {
  return db.rosterEntry.update({ where: { id: rosterEntryId }, data: { hostUnitId } });
}
