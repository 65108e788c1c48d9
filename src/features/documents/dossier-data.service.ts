import type { Actor } from "../../bot/actor.ts";
import type { DbOrTx } from "../../db/client.ts";
import { findCurrentEnrollment } from "../../db/repositories/enrollments.repository.ts";
import {
  type DossierEnrollment,
  findDossierEnrollment,
  listEnrollmentsByNip,
} from "../../db/repositories/program-report.repository.ts";
import { ATTENDANCE_STATUSES, type AttendanceStatus } from "../../domain/attendance.ts";
import { attendanceRate, type DayCell, dayCell, tallyCells } from "../../domain/attendance-rate.ts";
import { normaliseNipInput } from "../../domain/nip.ts";
import { isoDateOf, localDate, localTime } from "../../domain/time.ts";
import { coversUnit, resolveProgramScope } from "../access/scope.ts";
import {
  isCheckInClosed,
  programWorkingDays,
  type StaffProgram,
  toStaffProgram,
} from "../shared/staff-program.service.ts";
import { type DocumentProgram, documentProgram } from "./document-program.ts";

/** How much of each daily report the dossier prints. */
export const REPORT_EXCERPT_CHARS = 200;

/** A moment in the host province: the local date (ISO) and time ("HH:mm"). */
export interface LocalMoment {
  date: string;
  time: string;
}

/** Everything a participant's dossier prints, as plain data (crosses to the worker thread). */
export interface DossierData {
  program: DocumentProgram;
  person: {
    fullName: string;
    nip: string | null;
    position: string | null;
    ownAgency: string | null;
  };
  placement: { hostUnitName: string | null; mentorName: string | null };
  /** Working days from the start up to today (the recap's days), with the day's cell. */
  days: { date: string; cell: DayCell; time: string }[];
  /** Working days of the whole program (for "N of M"). */
  programWorkingDays: number;
  counts: Record<AttendanceStatus, number>;
  pending: number;
  /** The one attendance rate (domain/attendance-rate.ts), as /rekap computes it for the row. */
  rate: number | null;
  dailyReports: { date: string; excerpt: string; truncated: boolean }[];
  finalReport: { title: string | null; fileName: string | null; submitted: LocalMoment } | null;
  /** Submitted mentor assessment, criteria in the program's order; null = not assessed yet. */
  assessment: {
    scores: { key: string; score: number }[];
    average: number | null;
    comment: string | null;
    submitted: LocalMoment;
  } | null;
  feedback: {
    hostRating: number;
    mentorRating: number;
    comment: string | null;
    submitted: LocalMoment;
  } | null;
  generated: LocalMoment;
}

function moment(instant: Date, timeZone: string): LocalMoment {
  return { date: localDate(instant, timeZone), time: localTime(instant, timeZone) };
}

/** The first ~200 characters of a text, whitespace folded, cut at a word when one is near. */
export function excerpt(text: string, max = REPORT_EXCERPT_CHARS): { text: string; cut: boolean } {
  const folded = text.replace(/\s+/g, " ").trim();
  if (folded.length <= max) return { text: folded, cut: false };
  const head = folded.slice(0, max);
  const space = head.lastIndexOf(" ");
  return { text: (space > max * 0.7 ? head.slice(0, space) : head).trimEnd(), cut: true };
}

/** Scores {key: 1..5} of an assessment, in the program's criteria order, then any others. */
export function assessmentScores(
  scores: unknown,
  criteria: readonly string[],
): { key: string; score: number }[] {
  if (scores === null || typeof scores !== "object" || Array.isArray(scores)) return [];
  const entries = Object.entries(scores as Record<string, unknown>).filter(
    (entry): entry is [string, number] =>
      typeof entry[1] === "number" && Number.isFinite(entry[1]) && entry[1] >= 1 && entry[1] <= 5,
  );
  const order = (key: string) => {
    const at = criteria.indexOf(key);
    return at === -1 ? criteria.length : at;
  };
  return entries
    .sort((a, b) => order(a[0]) - order(b[0]) || a[0].localeCompare(b[0]))
    .map(([key, score]) => ({ key, score }));
}

export function averageOf(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

function titleOfFinalReport(report: { text: string | null; fileName: string | null }) {
  const firstLine = report.text
    ?.split("\n")
    .map((line) => line.trim())
    .find((line) => line !== "");
  return firstLine ? excerpt(firstLine, 120).text : null;
}

/**
 * The dossier of one enrollment at `now`: attendance folded exactly as loadRecapData folds a
 * row (same days, same cells, same rate), so the dossier and /rekap never disagree.
 */
export async function loadDossierData(
  db: DbOrTx,
  enrollmentId: string,
  now: Date,
): Promise<DossierData | undefined> {
  const enrollment = await findDossierEnrollment(db, enrollmentId);
  if (!enrollment) return undefined;
  const program = toStaffProgram(enrollment.program, null);
  const allDays = await programWorkingDays(db, program);
  return assembleDossier(enrollment, program, allDays, now);
}

export function assembleDossier(
  enrollment: DossierEnrollment,
  program: StaffProgram,
  allDays: readonly string[],
  now: Date,
): DossierData {
  const zone = program.timeZone;
  const today = localDate(now, zone);
  const days = allDays.filter((day) => day <= today);
  const byDay = new Map(
    enrollment.checkIns.map((checkIn) => [isoDateOf(checkIn.localDate), checkIn]),
  );
  const cells = days.map((day) => {
    const record = byDay.get(day);
    const cell = dayCell(record, isCheckInClosed(program, day, now));
    const time = record && record.review !== "REJECTED" ? localTime(record.recordedAt, zone) : "";
    return { date: day, cell, time };
  });
  const counts = Object.fromEntries(ATTENDANCE_STATUSES.map((status) => [status, 0])) as Record<
    AttendanceStatus,
    number
  >;
  let pending = 0;
  for (const { cell } of cells) {
    if (cell === "PENDING") pending++;
    else if (cell !== null) counts[cell]++;
  }
  const assessment = enrollment.assessment?.submittedAt ? enrollment.assessment : null;
  const scores = assessment
    ? assessmentScores(assessment.scores, enrollment.program.assessmentCriteria)
    : [];
  return {
    program: documentProgram(program),
    person: { ...enrollment.person },
    placement: {
      hostUnitName: enrollment.hostUnit?.name ?? null,
      mentorName: enrollment.hostUnit?.mentorName ?? null,
    },
    days: cells,
    programWorkingDays: allDays.length,
    counts,
    pending,
    rate: attendanceRate(tallyCells(cells.map(({ cell }) => cell))),
    dailyReports: enrollment.dailyReports.map((report) => {
      const cut = excerpt(report.text);
      return { date: isoDateOf(report.localDate), excerpt: cut.text, truncated: cut.cut };
    }),
    finalReport: enrollment.finalReport
      ? {
          title: titleOfFinalReport(enrollment.finalReport),
          fileName: enrollment.finalReport.fileName,
          submitted: moment(enrollment.finalReport.submittedAt, zone),
        }
      : null,
    assessment: assessment?.submittedAt
      ? {
          scores,
          average: averageOf(scores.map((entry) => entry.score)),
          comment: assessment.comment?.trim() || null,
          submitted: moment(assessment.submittedAt, zone),
        }
      : null,
    feedback: enrollment.feedback
      ? {
          hostRating: enrollment.feedback.hostRating,
          mentorRating: enrollment.feedback.mentorRating,
          comment: enrollment.feedback.comment?.trim() || null,
          submitted: moment(enrollment.feedback.submittedAt, zone),
        }
      : null,
    generated: moment(now, zone),
  };
}

export type DossierTarget =
  | { ok: true; enrollmentId: string }
  | { ok: false; reason: "bad_nip" | "not_found" };

/**
 * The enrollment a coordinator's /dosir <NIP> is about: among the person's enrollments, those in
 * programs the actor manages and within their units (resolveProgramScope); the latest program
 * first. Someone outside the actor's reach reads as not found (no hint they exist elsewhere).
 */
export async function findDossierTarget(
  db: DbOrTx,
  actor: Actor | undefined,
  input: string,
): Promise<DossierTarget> {
  const nip = normaliseNipInput(input);
  if (!/^\d{18}$/.test(nip)) return { ok: false, reason: "bad_nip" };
  const enrollments = await listEnrollmentsByNip(db, nip);
  const reachable = enrollments.filter((enrollment) => {
    const scope = resolveProgramScope(actor, enrollment.programId, "manage");
    return scope !== undefined && coversUnit(scope, enrollment.hostUnitId);
  });
  const chosen = reachable.at(-1);
  return chosen ? { ok: true, enrollmentId: chosen.id } : { ok: false, reason: "not_found" };
}

/** Whether the actor coordinates anything at all (else /dosir <NIP> is refused politely). */
export function managesAnyProgram(actor: Actor | undefined): boolean {
  if (!actor) return false;
  return actor.isAdmin || actor.grants.some((grant) => grant.role === "COORDINATOR");
}

/** The participant's own enrollment for /dosir without an argument. */
export async function findOwnEnrollment(
  db: DbOrTx,
  personId: string | null | undefined,
  now: Date,
): Promise<string | undefined> {
  if (!personId) return undefined;
  return (await findCurrentEnrollment(db, personId, now))?.id;
}
