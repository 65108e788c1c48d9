/**
 * The one definition of the attendance rate (persentase kehadiran), used by the recap chart,
 * the XLSX and CSV recap, /riwayat and /status.
 *
 * - Days counted: every working day of the program from its start up to and including today.
 *   Today counts from its start for everyone, so a day's rate reads "present so far" (1 of 26
 *   checked in → 4%, never 100%) and a participant's own rate moves the moment they check in.
 * - Present: HADIR, TERLAMBAT and DINAS_LUAR (official duty elsewhere counts as at work).
 * - Excused days (IZIN, SAKIT) stay in the denominator: the rate is the share of working days
 *   at work; the excused days are shown in their own columns beside it.
 * - A check-in awaiting review is shown apart ("H?") and is not present until approved; a
 *   rejected one is no record at all (TK once the window has closed).
 */

import { type AttendanceStatus, PRESENT_STATUSES } from "./attendance.ts";

/** What one participant's working day holds: a status, a check-in awaiting review, or nothing yet. */
export type DayCell = AttendanceStatus | "PENDING" | null;

export interface RateTally {
  /** Days (or participant-days) that count: all working days up to and including today. */
  counted: number;
  present: number;
  /** Of the counted, check-ins still awaiting review (not present yet). */
  pending: number;
}

/** A recorded check-in (or none) as the cell the recap shows for that day. */
export function dayCell(
  record: { status: AttendanceStatus; review?: string | null } | undefined,
  closed: boolean,
): DayCell {
  if (!record || record.review === "REJECTED") return closed ? "ALPA" : null;
  if (record.review === "PENDING") return "PENDING";
  return record.status;
}

export function isPresentCell(cell: DayCell): boolean {
  return cell !== null && cell !== "PENDING" && PRESENT_STATUSES.has(cell);
}

export function tallyCells(cells: Iterable<DayCell>): RateTally {
  const tally: RateTally = { counted: 0, present: 0, pending: 0 };
  for (const cell of cells) addCell(tally, cell);
  return tally;
}

export function addCell(tally: RateTally, cell: DayCell): void {
  tally.counted++;
  if (cell === "PENDING") tally.pending++;
  else if (isPresentCell(cell)) tally.present++;
}

/** present / counted in 0..1; null when no day counted yet (before the first working day). */
export function attendanceRate(tally: { present: number; counted: number }): number | null {
  if (tally.counted < 0 || tally.present < 0 || tally.present > tally.counted) {
    throw new RangeError(`Present ${tally.present} of ${tally.counted} days is not a tally`);
  }
  return tally.counted === 0 ? null : tally.present / tally.counted;
}

/** The working days that count on `today`: those up to and including it. */
export function countedDays(workingDays: readonly string[], today: string): string[] {
  return workingDays.filter((day) => day <= today);
}

/** "33,3%" (Indonesian) or "33.3%": the rate as people read it, one decimal. */
export function formatRate(rate: number, locale: "id" | "en"): string {
  const text = (Math.round(rate * 1000) / 10).toFixed(1);
  return `${locale === "id" ? text.replace(".", ",") : text}%`;
}
