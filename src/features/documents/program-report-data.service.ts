import type { Actor } from "../../bot/actor.ts";
import type { DbOrTx } from "../../db/client.ts";
import { listHostUnitsOfProgram } from "../../db/repositories/program-lookup.repository.ts";
import {
  findReciprocalPrograms,
  listCertificateStatuses,
  listProgramFeedback,
  listSubmittedAssessments,
} from "../../db/repositories/program-report.repository.ts";
import { attendanceRate, type RateTally } from "../../domain/attendance-rate.ts";
import { isoDateOf, localDate, localTime } from "../../domain/time.ts";
import { withoutMentorGrants } from "../access/scope.ts";
import {
  loadRecapData,
  type RecapData,
  recapRates,
  recapTotals,
} from "../recap/recap-data.service.ts";
import {
  programWorkingDays,
  resolveStaffProgram,
  type StaffProgram,
} from "../shared/staff-program.service.ts";
import { type DocumentProgram, documentProgram } from "./document-program.ts";
import { averageOf, type LocalMoment } from "./dossier-data.service.ts";

/** How many feedback comments the report quotes, and how long each may be. */
export const MAX_COMMENTS = 5;
export const COMMENT_CHARS = 400;

export type CertificateState = "VALID" | "REVOKED" | null;

/** Everything the program report prints, as plain data (crosses to the worker thread). */
export interface ProgramReportData {
  program: DocumentProgram;
  /** Host agencies the report is limited to (one agency, or a unit-limited reader); null = all. */
  scopeLabel: string | null;
  participants: number;
  /** Working days counted so far (the /rekap days) and of the whole program. */
  countedDays: number;
  programWorkingDays: number;
  /** The recap's totals row: all named participants over all counted days. */
  totals: RateTally;
  rate: number | null;
  perDay: { date: string; closed: boolean; rate: number | null }[];
  perUnit: { label: string | null; participants: number; rate: number | null }[];
  rows: {
    fullName: string;
    nip: string;
    hostUnit: string;
    rate: number | null;
    assessmentAverage: number | null;
    certificate: CertificateState;
  }[];
  assessments: { count: number; average: number | null };
  certificates: { valid: number; revoked: number };
  feedback: {
    count: number;
    hostAverage: number | null;
    mentorAverage: number | null;
    /** How many gave 1..5 (index 0 = 1). */
    hostDistribution: number[];
    mentorDistribution: number[];
    /** Selected comments, without names: the longest first, then the most recent. */
    comments: string[];
  };
  returnVisit: {
    kind: "return_of" | "returned_by";
    name: string;
    startDate: string;
    endDate: string;
    hostProvinceName: string;
  } | null;
  generated: LocalMoment;
}

/** Digits long enough to be a NIP or a phone number are left out of quoted comments. */
export function anonymiseComment(text: string): string {
  const folded = text
    .replace(/\s+/g, " ")
    .trim()
    .replace(/\+?\d[\d .-]{7,}\d/g, "…");
  return folded.length <= COMMENT_CHARS ? folded : `${folded.slice(0, COMMENT_CHARS).trimEnd()}…`;
}

/** Up to five comments: the longest (most said) first, ties broken by the most recent. */
export function selectComments(
  feedback: readonly { comment: string | null; submittedAt: Date }[],
): string[] {
  return feedback
    .filter((entry) => (entry.comment ?? "").trim().length > 0)
    .sort(
      (a, b) =>
        (b.comment ?? "").trim().length - (a.comment ?? "").trim().length ||
        b.submittedAt.getTime() - a.submittedAt.getTime(),
    )
    .slice(0, MAX_COMMENTS)
    .map((entry) => anonymiseComment(entry.comment ?? ""));
}

function distribution(values: readonly number[]): number[] {
  const counts = [0, 0, 0, 0, 0];
  for (const value of values) {
    if (value >= 1 && value <= 5) counts[value - 1] = (counts[value - 1] ?? 0) + 1;
  }
  return counts;
}

/**
 * The program report at `now` for the program as the reader sees it (its scopeUnitIds limit
 * everything to those host agencies). Attendance comes from loadRecapData, recapRates and
 * recapTotals: the same functions /rekap uses, so its figures are /rekap's.
 */
export async function loadProgramReportData(
  db: DbOrTx,
  program: StaffProgram,
  now: Date,
  scopeLabel: string | null,
): Promise<ProgramReportData> {
  const scope = program.scopeUnitIds ?? undefined;
  const [recap, allDays, assessments, certificates, feedback, reciprocal] = await Promise.all([
    loadRecapData(db, program, now),
    programWorkingDays(db, program),
    listSubmittedAssessments(db, program.id, scope),
    listCertificateStatuses(db, program.id, scope),
    listProgramFeedback(db, program.id, scope),
    findReciprocalPrograms(db, program.id),
  ]);
  return assembleProgramReport({
    recap,
    programWorkingDays: allDays.length,
    assessments,
    certificates,
    feedback,
    reciprocal,
    scopeLabel,
    now,
  });
}

export interface ProgramReportSources {
  recap: RecapData;
  programWorkingDays: number;
  assessments: { enrollmentId: string; scores: unknown }[];
  certificates: { enrollmentId: string; status: "VALID" | "REVOKED" }[];
  feedback: {
    hostRating: number;
    mentorRating: number;
    comment: string | null;
    submittedAt: Date;
  }[];
  reciprocal: Awaited<ReturnType<typeof findReciprocalPrograms>>;
  scopeLabel: string | null;
  now: Date;
}

function scoreAverage(scores: unknown): number | null {
  if (scores === null || typeof scores !== "object" || Array.isArray(scores)) return null;
  return averageOf(
    Object.values(scores as Record<string, unknown>).filter(
      (value): value is number => typeof value === "number" && value >= 1 && value <= 5,
    ),
  );
}

export function assembleProgramReport(sources: ProgramReportSources): ProgramReportData {
  const { recap } = sources;
  const program = recap.program;
  const rates = recapRates(recap);
  const totals = recapTotals(recap);
  const averageByEnrollment = new Map(
    sources.assessments.map((entry) => [entry.enrollmentId, scoreAverage(entry.scores)]),
  );
  // Newest first: the first seen per enrollment is its current certificate.
  const certificateByEnrollment = new Map<string, "VALID" | "REVOKED">();
  for (const certificate of sources.certificates) {
    if (!certificateByEnrollment.has(certificate.enrollmentId))
      certificateByEnrollment.set(certificate.enrollmentId, certificate.status);
  }
  const rows = recap.rows.map((row) => ({
    fullName: row.fullName,
    nip: row.nip,
    hostUnit: row.hostUnit,
    rate: row.rate,
    assessmentAverage: averageByEnrollment.get(row.enrollmentId) ?? null,
    certificate: certificateByEnrollment.get(row.enrollmentId) ?? null,
  }));
  const inReport = new Set(recap.rows.map((row) => row.enrollmentId));
  const averages = sources.assessments
    .filter((entry) => inReport.has(entry.enrollmentId))
    .map((entry) => scoreAverage(entry.scores))
    .filter((value): value is number => value !== null);
  const current = [...certificateByEnrollment].filter(([id]) => inReport.has(id));
  const participantsPerUnit = new Map<string, number>();
  for (const row of recap.rows)
    participantsPerUnit.set(row.hostUnit, (participantsPerUnit.get(row.hostUnit) ?? 0) + 1);
  const reciprocal = sources.reciprocal;
  const other = reciprocal?.returnOf ?? reciprocal?.returnVisits[0];
  return {
    program: documentProgram(program),
    scopeLabel: sources.scopeLabel,
    participants: recap.rows.length,
    countedDays: recap.days.length,
    programWorkingDays: sources.programWorkingDays,
    totals,
    rate: attendanceRate(totals),
    perDay: recap.days.map((date, index) => ({
      date,
      closed: recap.closed[index] ?? false,
      rate: rates.perDay[index] ?? null,
    })),
    perUnit: rates.perUnit.map((unit) => ({
      label: unit.id === null ? null : unit.label,
      participants: participantsPerUnit.get(unit.label) ?? 0,
      rate: unit.rate,
    })),
    rows,
    assessments: { count: averages.length, average: averageOf(averages) },
    certificates: {
      valid: current.filter(([, status]) => status === "VALID").length,
      revoked: current.filter(([, status]) => status === "REVOKED").length,
    },
    feedback: {
      count: sources.feedback.length,
      hostAverage: averageOf(sources.feedback.map((entry) => entry.hostRating)),
      mentorAverage: averageOf(sources.feedback.map((entry) => entry.mentorRating)),
      hostDistribution: distribution(sources.feedback.map((entry) => entry.hostRating)),
      mentorDistribution: distribution(sources.feedback.map((entry) => entry.mentorRating)),
      comments: selectComments(sources.feedback),
    },
    returnVisit: other
      ? {
          kind: reciprocal?.returnOf ? "return_of" : "returned_by",
          name: other.name,
          startDate: isoDateOf(other.startDate),
          endDate: isoDateOf(other.endDate),
          hostProvinceName: other.hostProvince.shortName,
        }
      : null,
    generated: {
      date: localDate(sources.now, program.timeZone),
      time: localTime(sources.now, program.timeZone),
    },
  };
}

/**
 * The program a /laporanprogram is about: as /rekap picks it, among the programs the actor
 * views as coordinator, official or administrator (a mentor's grant does not reach the report);
 * scopeUnitIds limits a unit-limited coordinator to their units.
 */
export function resolveReportProgram(
  db: DbOrTx,
  actor: Actor | undefined,
  now: Date,
): Promise<StaffProgram | undefined> {
  const office = withoutMentorGrants(actor);
  if (!office) return Promise.resolve(undefined);
  return resolveStaffProgram(db, office, "view", now);
}

/** The host agencies of the program within the reader's scope, by name. */
export async function reportUnits(
  db: DbOrTx,
  program: StaffProgram,
): Promise<{ id: string; name: string; shortName: string | null }[]> {
  const units = await listHostUnitsOfProgram(db, program.id);
  const scope = program.scopeUnitIds;
  return scope ? units.filter((unit) => scope.includes(unit.id)) : units;
}
