import type { DbOrTx } from "../../db/client.ts";
import {
  countCheckInsByUnitAndStatus,
  countEnrollmentsByUnit,
  listAnonymousAttendance,
  listNotCheckedIn,
  listUnitAttendance,
  type UnitMemberAttendance,
} from "../../db/repositories/attendance-queries.repository.ts";
import { listHostUnitsOfProgram } from "../../db/repositories/program-lookup.repository.ts";
import { dateColumn } from "../../domain/time.ts";
import { isCheckInClosed, type StaffProgram } from "../shared/staff-program.service.ts";

/** The statuses a check-in can record; "missing" is belum (window open) or alpa (closed). */
export const RECORDED_STATUSES = ["HADIR", "TERLAMBAT", "IZIN", "SAKIT", "DINAS_LUAR"] as const;
export type RecordedStatus = (typeof RECORDED_STATUSES)[number];

/**
 * `pending`: check-ins still awaiting a reviewer (outside the geofence), counted apart from
 * their status; a rejected check-in counts as missing.
 */
export type StatusCounts = Record<RecordedStatus, number> & {
  pending: number;
  missing: number;
  expected: number;
};

export interface UnitStatus {
  /** null: participants not placed yet. */
  hostUnitId: string | null;
  label: string;
  counts: StatusCounts;
}

export interface DailyStatus {
  day: string;
  /** The check-in window has closed: missing people are alpa rather than belum. */
  closed: boolean;
  totals: StatusCounts;
  /** Of the totals, how many come from erased participants' anonymous counts. */
  anonymous: number;
  units: UnitStatus[];
  missingNames: { fullName: string; unitLabel: string }[];
}

export function emptyCounts(): StatusCounts {
  return {
    HADIR: 0,
    TERLAMBAT: 0,
    IZIN: 0,
    SAKIT: 0,
    DINAS_LUAR: 0,
    pending: 0,
    missing: 0,
    expected: 0,
  };
}

export function recordedCount(counts: StatusCounts): number {
  return RECORDED_STATUSES.reduce((sum, status) => sum + counts[status], 0);
}

function isRecordedStatus(value: string): value is RecordedStatus {
  return (RECORDED_STATUSES as readonly string[]).includes(value);
}

/**
 * Today's attendance of a program (or of the actor's unit), counted in SQL: enrollments per
 * unit and check-ins per unit and status, plus anonymous counts in the program totals.
 */
export async function computeDailyStatus(
  db: DbOrTx,
  program: StaffProgram,
  day: string,
  now: Date,
  options: { missingLimit?: number } = {},
): Promise<DailyStatus> {
  const scope = program.scopeUnitIds ?? undefined;
  const date = dateColumn(day);
  const [units, enrolled, checkIns, anonymousRows] = await Promise.all([
    listHostUnitsOfProgram(db, program.id),
    countEnrollmentsByUnit(db, program.id, scope),
    countCheckInsByUnitAndStatus(db, program.id, date, scope),
    scope === undefined ? listAnonymousAttendance(db, program.id, date, date) : [],
  ]);
  const labelOf = new Map(units.map((unit) => [unit.id, unit.shortName ?? unit.name]));
  const byUnit = new Map<string | null, StatusCounts>();
  const countsFor = (unitId: string | null) => {
    let counts = byUnit.get(unitId);
    if (!counts) {
      counts = emptyCounts();
      byUnit.set(unitId, counts);
    }
    return counts;
  };
  for (const unit of units) if (scope === undefined || scope.includes(unit.id)) countsFor(unit.id);
  for (const row of enrolled) countsFor(row.hostUnitId).expected += row.count;
  for (const row of checkIns) {
    if (row.review === "PENDING") countsFor(row.hostUnitId).pending += row.count;
    else if (row.review !== "REJECTED" && isRecordedStatus(row.status)) {
      countsFor(row.hostUnitId)[row.status] += row.count;
    }
  }

  const totals = emptyCounts();
  const unitStatuses: UnitStatus[] = [];
  for (const [hostUnitId, counts] of byUnit) {
    counts.missing = Math.max(0, counts.expected - recordedCount(counts) - counts.pending);
    if (hostUnitId === null && counts.expected === 0) continue;
    unitStatuses.push({ hostUnitId, label: labelOf.get(hostUnitId ?? "") ?? "", counts });
    for (const key of Object.keys(totals) as (keyof StatusCounts)[]) totals[key] += counts[key];
  }
  unitStatuses.sort(
    (a, b) =>
      Number(a.hostUnitId === null) - Number(b.hostUnitId === null) ||
      a.label.localeCompare(b.label),
  );
  let anonymous = 0;
  for (const row of anonymousRows) {
    if (!isRecordedStatus(row.status)) continue;
    totals[row.status] += row.count;
    totals.expected += row.count;
    anonymous += row.count;
  }

  const missingLimit = options.missingLimit ?? 15;
  const missing =
    totals.missing > 0 && missingLimit > 0
      ? await listNotCheckedIn(db, program.id, date, missingLimit, scope)
      : [];
  return {
    day,
    closed: isCheckInClosed(program, day, now),
    totals,
    anonymous,
    units: unitStatuses,
    missingNames: missing.map((row) => ({
      fullName: row.fullName,
      unitLabel: labelOf.get(row.hostUnitId ?? "") ?? "",
    })),
  };
}

export interface UnitDrillDown {
  label: string;
  members: UnitMemberAttendance[];
  total: number;
}

/** One unit's participants and their check-in of the day. */
/** The program's host units the staff member may see (all, or those of their scope). */
export async function hostUnitsInScope(db: DbOrTx, program: StaffProgram) {
  const units = await listHostUnitsOfProgram(db, program.id);
  const scope = program.scopeUnitIds;
  return scope ? units.filter((unit) => scope.includes(unit.id)) : units;
}

export async function computeUnitAttendance(
  db: DbOrTx,
  program: StaffProgram,
  unit: { id: string; label: string },
  day: string,
  limit: number,
): Promise<UnitDrillDown> {
  const date = dateColumn(day);
  const [members, counts] = await Promise.all([
    listUnitAttendance(db, program.id, unit.id, date, limit),
    countEnrollmentsByUnit(db, program.id, unit.id),
  ]);
  return {
    label: unit.label,
    members,
    total: counts.reduce((sum, row) => sum + row.count, 0),
  };
}
