import type { DbOrTx } from "../client.ts";

/**
 * Read model of the end-of-program documents (participant dossier, program report): reads
 * enrollments with everything a dossier shows, mentor assessments, certificates, feedback and
 * the reciprocal program. Read-only; the assessment and certificate features own the writes.
 */

/** A person's live enrollments by NIP (withdrawn ones left out), with the program's dates. */
export function listEnrollmentsByNip(db: DbOrTx, nip: string) {
  return db.enrollment.findMany({
    where: { status: { not: "WITHDRAWN" }, person: { nip } },
    select: {
      id: true,
      programId: true,
      hostUnitId: true,
      program: { select: { startDate: true, endDate: true, status: true } },
    },
    orderBy: [{ program: { startDate: "asc" } }, { id: "asc" }],
  });
}

/** One enrollment with the person, placement, program, check-ins, reports and end-of-program rows. */
export function findDossierEnrollment(db: DbOrTx, enrollmentId: string) {
  return db.enrollment.findUnique({
    where: { id: enrollmentId },
    select: {
      id: true,
      programId: true,
      hostUnitId: true,
      person: { select: { fullName: true, nip: true, position: true, ownAgency: true } },
      hostUnit: { select: { name: true, shortName: true, mentorName: true } },
      program: {
        include: { hostProvince: true, sendingProvince: true },
      },
      checkIns: {
        select: { localDate: true, status: true, review: true, recordedAt: true },
        orderBy: { localDate: "asc" },
      },
      dailyReports: {
        select: { localDate: true, text: true },
        orderBy: { localDate: "asc" },
      },
      finalReport: { select: { text: true, fileName: true, submittedAt: true } },
      feedback: {
        select: { hostRating: true, mentorRating: true, comment: true, submittedAt: true },
      },
      assessment: { select: { scores: true, comment: true, submittedAt: true } },
    },
  });
}

export type DossierEnrollment = NonNullable<Awaited<ReturnType<typeof findDossierEnrollment>>>;

const unitFilter = (hostUnitIds: readonly string[] | undefined) =>
  hostUnitIds === undefined ? {} : { enrollment: { hostUnitId: { in: [...hostUnitIds] } } };

/** Submitted mentor assessments of a program (optionally only some host units). */
export function listSubmittedAssessments(
  db: DbOrTx,
  programId: string,
  hostUnitIds: readonly string[] | undefined,
) {
  return db.mentorAssessment.findMany({
    where: { programId, submittedAt: { not: null }, ...unitFilter(hostUnitIds) },
    select: { enrollmentId: true, scores: true },
  });
}

/** Certificates of a program, newest first (the first per enrollment is its current one). */
export function listCertificateStatuses(
  db: DbOrTx,
  programId: string,
  hostUnitIds: readonly string[] | undefined,
) {
  return db.certificate.findMany({
    where: { programId, ...unitFilter(hostUnitIds) },
    select: { enrollmentId: true, status: true, issuedAt: true },
    orderBy: [{ issuedAt: "desc" }, { id: "desc" }],
  });
}

/** Participants' feedback of a program (not withdrawn; optionally only some host units). */
export function listProgramFeedback(
  db: DbOrTx,
  programId: string,
  hostUnitIds: readonly string[] | undefined,
) {
  return db.feedback.findMany({
    where: {
      enrollment: {
        programId,
        status: { not: "WITHDRAWN" },
        ...(hostUnitIds === undefined ? {} : { hostUnitId: { in: [...hostUnitIds] } }),
      },
    },
    select: { hostRating: true, mentorRating: true, comment: true, submittedAt: true },
  });
}

/** The program this one returns the visit of, and the return visits made for it. */
export function findReciprocalPrograms(db: DbOrTx, programId: string) {
  const fields = {
    name: true,
    startDate: true,
    endDate: true,
    hostProvince: { select: { shortName: true } },
  } as const;
  return db.program.findUnique({
    where: { id: programId },
    select: {
      returnOf: { select: fields },
      returnVisits: { select: fields, orderBy: { startDate: "asc" } },
    },
  });
}
