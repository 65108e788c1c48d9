import type { DbOrTx } from "../../db/client.ts";
import {
  listAnonymousAttendance,
  listCheckInsOfPeriod,
} from "../../db/repositories/attendance-queries.repository.ts";
import { listHostUnitsOfProgram } from "../../db/repositories/program-lookup.repository.ts";
import { listRecapParticipants } from "../../db/repositories/recap-export.repository.ts";
import {
  ATTENDANCE_STATUSES,
  type AttendanceStatus,
  PRESENT_STATUSES,
} from "../../domain/attendance.ts";
import { localDate } from "../../domain/time.ts";
import {
  dateOfIso,
  isCheckInClosed,
  programWorkingDays,
  type StaffProgram,
} from "../status/staff-program.service.ts";

/** One participant's row of the rekap presensi: a status per working day and the counts. */
export interface RecapRow {
  fullName: string;
  nip: string;
  ownAgency: string;
  hostUnit: string;
  /** Per day: the status, ALPA for a closed day without check-in, null while the day is open. */
  statuses: (AttendanceStatus | null)[];
  /** Check-in times ("HH:mm" in the host zone) per day, "" when none. */
  times: string[];
  counts: Record<AttendanceStatus, number>;
  /** Present (H, TL, DL) over the closed days; null before any day closed. */
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
    fullName: participant.fullName,
    nip: participant.nip ?? "",
    ownAgency: participant.ownAgency ?? "",
    hostUnit: participant.hostUnitId ? (unitLabel.get(participant.hostUnitId) ?? "") : "",
    statuses: days.map(() => null),
    times: days.map(() => ""),
    counts: zeroCounts(),
    rate: null,
  }));
  const timeFormat = new Intl.DateTimeFormat("en-GB", {
    timeZone: program.timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  for (const checkIn of checkIns) {
    const row = rows[rowIndex.get(checkIn.enrollmentId) ?? -1];
    const index = dayIndex.get(checkIn.localDate);
    if (!row || index === undefined) continue;
    row.statuses[index] = checkIn.status;
    row.times[index] = timeFormat.format(checkIn.recordedAt);
  }
  const closedCount = closed.filter(Boolean).length;
  for (const row of rows) {
    let present = 0;
    row.statuses.forEach((status, index) => {
      const final = status ?? (closed[index] ? "ALPA" : null);
      row.statuses[index] = final;
      if (final === null) return;
      row.counts[final]++;
      if (closed[index] && PRESENT_STATUSES.has(final)) present++;
    });
    row.rate = closedCount === 0 ? null : present / closedCount;
  }
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

/** Attendance rate per day (anonymous counts included) and per host unit, over closed days. */
export function recapRates(data: RecapData): {
  perDay: (number | null)[];
  perUnit: { label: string; id: string | null; rate: number | null }[];
} {
  const perDay = data.days.map((_, index) => {
    const anonymous = data.anonymous[index] ?? zeroCounts();
    let expected = Object.values(anonymous).reduce((sum, count) => sum + count, 0);
    let present = [...PRESENT_STATUSES].reduce((sum, status) => sum + anonymous[status], 0);
    for (const row of data.rows) {
      const status = row.statuses[index];
      if (status === null || status === undefined) continue;
      expected++;
      if (PRESENT_STATUSES.has(status)) present++;
    }
    return expected === 0 ? null : present / expected;
  });
  const byUnit = new Map<string, { present: number; expected: number }>();
  for (const row of data.rows) {
    const totals = byUnit.get(row.hostUnit) ?? { present: 0, expected: 0 };
    row.statuses.forEach((status, index) => {
      if (status === null || !data.closed[index]) return;
      totals.expected++;
      if (PRESENT_STATUSES.has(status)) totals.present++;
    });
    byUnit.set(row.hostUnit, totals);
  }
  const perUnit = data.units.map((unit) => {
    const totals = byUnit.get(unit.label);
    return {
      id: unit.id,
      label: unit.label,
      rate: totals && totals.expected > 0 ? totals.present / totals.expected : null,
    };
  });
  return { perDay, perUnit };
}
