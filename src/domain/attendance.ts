/** Attendance (presensi) statuses, check-in classification and the recap arithmetic. */

import { attendanceRate } from "./attendance-rate.ts";
import { minutesOfDay } from "./time.ts";

export const ATTENDANCE_STATUSES = [
  "HADIR",
  "TERLAMBAT",
  "IZIN",
  "SAKIT",
  "DINAS_LUAR",
  "ALPA",
] as const;

export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

/** Column letters officials expect in a rekap presensi (ALPA is "Tanpa Keterangan"). */
export const ATTENDANCE_SHORT_CODES: Readonly<Record<AttendanceStatus, string>> = {
  HADIR: "H",
  TERLAMBAT: "TL",
  IZIN: "I",
  SAKIT: "S",
  DINAS_LUAR: "DL",
  ALPA: "TK",
};

/**
 * Statuses that count as being at work. Dinas luar is official duty elsewhere, so it counts
 * like presence in the usual civil-service recap; izin and sakit are excused absences.
 */
export const PRESENT_STATUSES: ReadonlySet<AttendanceStatus> = new Set([
  "HADIR",
  "TERLAMBAT",
  "DINAS_LUAR",
]);

export function isAttendanceStatus(value: string): value is AttendanceStatus {
  return (ATTENDANCE_STATUSES as readonly string[]).includes(value);
}

export type CheckInClassification = "HADIR" | "TERLAMBAT" | "OUTSIDE_WINDOW";

export interface CheckInClock {
  /** Local wall-clock time of the check-in, "HH:mm". */
  localTime: string;
  /** Start of the working day, e.g. "07:30"; a check-in during that minute is on time. */
  startOfDay: string;
  /** First minute check-ins are accepted, e.g. "05:00". */
  windowStart: string;
  /** Last minute check-ins are accepted (inclusive), e.g. "12:00". */
  windowEnd: string;
  /** Minutes after `startOfDay` still counted as on time; 0 unless a program grants some. */
  graceMinutes?: number;
}

export function classifyCheckIn({
  localTime,
  startOfDay,
  windowStart,
  windowEnd,
  graceMinutes = 0,
}: CheckInClock): CheckInClassification {
  if (!Number.isInteger(graceMinutes) || graceMinutes < 0) {
    throw new RangeError(
      `Grace must be a non-negative whole number of minutes, got ${graceMinutes}`,
    );
  }
  const checkIn = minutesOfDay(localTime);
  const opens = minutesOfDay(windowStart);
  const closes = minutesOfDay(windowEnd);
  if (opens > closes) {
    throw new RangeError(`Check-in window ${windowStart}–${windowEnd} ends before it starts`);
  }
  if (checkIn < opens || checkIn > closes) return "OUTSIDE_WINDOW";
  return checkIn <= minutesOfDay(startOfDay) + graceMinutes ? "HADIR" : "TERLAMBAT";
}

export interface AttendanceRecord {
  /** Local date "YYYY-MM-DD". */
  date: string;
  status: AttendanceStatus;
}

export interface AttendanceSummary {
  expectedDays: number;
  counts: Record<AttendanceStatus, number>;
  /** Expected days with no record yet; not folded into ALPA so the caller decides when to. */
  unrecorded: number;
  /** HADIR + TERLAMBAT + DINAS_LUAR. */
  presentDays: number;
  /** presentDays / expectedDays in 0..1 (see attendance-rate.ts); null when no day was expected. */
  rate: number | null;
  /** Records on dates outside `expectedDays` (a weekend check-in, a day off). */
  ignoredRecords: number;
}

/**
 * Counts one status per expected day. When a day has several records the last one wins,
 * because later records are corrections (e.g. a coordinator turning ALPA into IZIN).
 */
export function summariseAttendance(
  records: readonly AttendanceRecord[],
  expectedDays: Iterable<string>,
): AttendanceSummary {
  const expected = new Set(expectedDays);
  const statusByDay = new Map<string, AttendanceStatus>();
  let ignoredRecords = 0;
  for (const record of records) {
    if (expected.has(record.date)) statusByDay.set(record.date, record.status);
    else ignoredRecords++;
  }

  const counts = Object.fromEntries(ATTENDANCE_STATUSES.map((status) => [status, 0])) as Record<
    AttendanceStatus,
    number
  >;
  for (const status of statusByDay.values()) counts[status]++;
  const presentDays = [...PRESENT_STATUSES].reduce((sum, status) => sum + counts[status], 0);

  return {
    expectedDays: expected.size,
    counts,
    unrecorded: expected.size - statusByDay.size,
    presentDays,
    rate: attendanceRate({ present: presentDays, counted: expected.size }),
    ignoredRecords,
  };
}

/** The code a rekap shows for a check-in awaiting review: not counted as present yet. */
export const PENDING_SHORT_CODE = "H?";

/** The code a rekap shows for a status ("H", "TL", …, "H?" pending); "" for a day still open. */
export function shortCode(status: AttendanceStatus | "PENDING" | null): string {
  if (status === null) return "";
  return status === "PENDING" ? PENDING_SHORT_CODE : ATTENDANCE_SHORT_CODES[status];
}
