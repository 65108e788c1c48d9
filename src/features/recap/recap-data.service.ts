import type { RecapSignature } from "../../config.ts";
import type { DbOrTx } from "../../db/client.ts";
import {
  listAnonymousAttendance,
  listCheckInsOfPeriod,
} from "../../db/repositories/attendance-queries.repository.ts";
import { listHostUnitsOfProgram } from "../../db/repositories/program-lookup.repository.ts";
import { listRecapParticipants } from "../../db/repositories/recap-export.repository.ts";
import { ATTENDANCE_STATUSES, type AttendanceStatus } from "../../domain/attendance.ts";
import {
  addCell,
  attendanceRate,
  type DayCell,
  dayCell,
  type RateTally,
  tallyCells,
} from "../../domain/attendance-rate.ts";
import { localDate } from "../../domain/time.ts";
import {
  dateOfIso,
  isCheckInClosed,
  programWorkingDays,
  type StaffProgram,
} from "../status/staff-program.service.ts";

/** One participant's row of the rekap presensi: a status per working day and the counts. */
export interface RecapRow {
  /** Set when loaded from the database (the certificate's eligibility joins on it). */
  enrollmentId?: string;
  fullName: string;
  nip: string;
  ownAgency: string;
  jabatan: string;
  hostUnit: string;
  /**
   * Per day: the status, "PENDING" for a check-in awaiting review, ALPA for a closed day
   * without (accepted) check-in, null while the day is open.
   */
  statuses: DayCell[];
  /** Check-in times ("HH:mm" in the host zone) per day, "" when none. */
  times: string[];
  counts: Record<AttendanceStatus, number>;
  /** Check-ins awaiting review (not counted as present). */
  pending: number;
  /** Present (H, TL, DL) over the working days up to and including today (attendance-rate.ts). */
  rate: number | null;
}

export interface RecapData {
  program: StaffProgram;
  /** Working days from the start up to today. */
  days: string[];
  closed: boolean[];
  rows: RecapRow[];
  units: { id: string | null; label: string }[];
  /** Anonymous (erased participants') counts per day index and status. */
  anonymous: Record<AttendanceStatus, number>[];
  generatedAt: Date;
  /** Who signs the printed recap (configuration); blank lines to sign by hand when unset. */
  signature?: RecapSignature;
}

export { shortCode } from "../../domain/attendance.ts";

function zeroCounts(): Record<AttendanceStatus, number> {
  return Object.fromEntries(ATTENDANCE_STATUSES.map((status) => [status, 0])) as Record<
    AttendanceStatus,
    number
  >;
}

/**
 * Everything the rekap presensi shows, read in three queries (participants, the period's
 * check-ins as compact rows, anonymous counts) and folded per participant in one pass, so
 * 10,000 participants × 5 days stays a few megabytes.
 */
export async function loadRecapData(
  db: DbOrTx,
  program: StaffProgram,
  now: Date,
): Promise<RecapData> {
  const today = localDate(now, program.timeZone);
  const days = (await programWorkingDays(db, program)).filter((day) => day <= today);
  const closed = days.map((day) => isCheckInClosed(program, day, now));
  const scope = program.scopeUnitIds ?? undefined;
  const from = dateOfIso(days[0] ?? program.startDate);
  const to = dateOfIso(days.at(-1) ?? program.startDate);
  const [participants, checkIns, anonymousRows, units] = await Promise.all([
    listRecapParticipants(db, program.id, scope),
    days.length > 0 ? listCheckInsOfPeriod(db, program.id, from, to, scope) : [],
    days.length > 0 && scope === undefined ? listAnonymousAttendance(db, program.id, from, to) : [],
    listHostUnitsOfProgram(db, program.id),
  ]);
  const dayIndex = new Map(days.map((day, index) => [day, index]));
  const unitLabel = new Map(units.map((unit) => [unit.id, unit.shortName ?? unit.name]));
  const rowIndex = new Map(
    participants.map((participant, index) => [participant.enrollmentId, index]),
  );
  const rows: RecapRow[] = participants.map((participant) => ({
    enrollmentId: participant.enrollmentId,
    fullName: participant.fullName,
    nip: participant.nip ?? "",
    ownAgency: participant.ownAgency ?? "",
    jabatan: participant.jabatan ?? "",
    hostUnit: participant.hostUnitId ? (unitLabel.get(participant.hostUnitId) ?? "") : "",
    statuses: days.map(() => null),
    times: days.map(() => ""),
    counts: zeroCounts(),
    pending: 0,
    rate: null,
  }));
  const timeFormat = new Intl.DateTimeFormat("en-GB", {
    timeZone: program.timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  const recorded = rows.map(() => new Map<number, { status: AttendanceStatus; review: string }>());
  for (const checkIn of checkIns) {
    const at = rowIndex.get(checkIn.enrollmentId) ?? -1;
    const row = rows[at];
    const index = dayIndex.get(checkIn.localDate);
    if (!row || index === undefined) continue;
    recorded[at]?.set(index, checkIn);
    if (checkIn.review !== "REJECTED") row.times[index] = timeFormat.format(checkIn.recordedAt);
  }
  rows.forEach((row, at) => {
    row.statuses = days.map((_, index) =>
      dayCell(recorded[at]?.get(index), closed[index] ?? false),
    );
    for (const cell of row.statuses) {
      if (cell === "PENDING") row.pending++;
      else if (cell !== null) row.counts[cell]++;
    }
    row.rate = attendanceRate(tallyCells(row.statuses));
  });
  const anonymous = days.map(() => zeroCounts());
  for (const row of anonymousRows) {
    const index = dayIndex.get(row.localDate);
    const counts = index === undefined ? undefined : anonymous[index];
    if (counts) counts[row.status] += row.count;
  }
  const usedUnits = new Set(participants.map((participant) => participant.hostUnitId));
  return {
    program,
    days,
    closed,
    rows,
    units: [
      ...units
        .filter((unit) => usedUnits.has(unit.id))
        .map((unit) => ({ id: unit.id, label: unit.shortName ?? unit.name })),
      ...(usedUnits.has(null) ? [{ id: null, label: "" }] : []),
    ],
    anonymous,
    generatedAt: now,
  };
}

/**
 * Attendance rate per day (anonymous counts included) and per host unit, with the one
 * definition: every participant counts on every working day up to and including today.
 */
export function recapRates(data: RecapData): {
  perDay: (number | null)[];
  perUnit: { label: string; id: string | null; rate: number | null }[];
} {
  const perDay = data.days.map((_, index) => {
    const tally = tallyCells(data.rows.map((row) => row.statuses[index] ?? null));
    const anonymous = data.anonymous[index] ?? zeroCounts();
    for (const status of ATTENDANCE_STATUSES) {
      for (let n = 0; n < anonymous[status]; n++) addCell(tally, status);
    }
    return attendanceRate(tally);
  });
  const byUnit = new Map<string, RateTally>();
  for (const row of data.rows) {
    const tally = byUnit.get(row.hostUnit) ?? { counted: 0, present: 0, pending: 0 };
    for (const cell of row.statuses) addCell(tally, cell);
    byUnit.set(row.hostUnit, tally);
  }
  const perUnit = data.units.map((unit) => {
    const tally = byUnit.get(unit.label);
    return { id: unit.id, label: unit.label, rate: tally ? attendanceRate(tally) : null };
  });
  return { perDay, perUnit };
}

/** The whole recap's tally (all participants, all counted days), for the totals row. */
export function recapTotals(data: RecapData): RateTally {
  const tally: RateTally = { counted: 0, present: 0, pending: 0 };
  for (const row of data.rows) for (const cell of row.statuses) addCell(tally, cell);
  return tally;
}
