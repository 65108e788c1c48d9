import type { Prisma } from "../../generated/prisma/client.ts";
import type { DbOrTx } from "../client.ts";

/** Enrollments that are assessed: registered or completed, placed, not erased. */
const assessableWhere = {
  status: { in: ["REGISTERED", "COMPLETED"] },
  hostUnitId: { not: null },
  person: { anonymisedAt: null },
} satisfies Prisma.EnrollmentWhereInput;

/** The active MENTOR and COORDINATOR grants of a program, with the holder's Telegram account. */
export function listAssessorGrants(db: DbOrTx, programId: string) {
  return db.roleGrant.findMany({
    where: { programId, revokedAt: null, role: { in: ["MENTOR", "COORDINATOR"] } },
    select: {
      personId: true,
      role: true,
      programId: true,
      hostUnitId: true,
      side: true,
      person: {
        select: {
          fullName: true,
          account: { select: { telegramUserId: true, locale: true, unreachableAt: true } },
        },
      },
    },
    orderBy: { grantedAt: "asc" },
  });
}

export type AssessorGrantRow = Awaited<ReturnType<typeof listAssessorGrants>>[number];

/**
 * The participants to be assessed (placed, within `hostUnitIds` when given), with their unit
 * and assessment, by unit and name.
 */
export function listAssessableEnrollments(
  db: DbOrTx,
  programId: string,
  hostUnitIds: readonly string[] | null = null,
) {
  return db.enrollment.findMany({
    where: {
      programId,
      ...assessableWhere,
      ...(hostUnitIds ? { AND: [{ hostUnitId: { in: [...hostUnitIds] } }] } : {}),
    },
    select: {
      id: true,
      personId: true,
      hostUnitId: true,
      person: { select: { fullName: true, ownAgency: true } },
      hostUnit: { select: { id: true, name: true, shortName: true, mentorName: true } },
      assessment: { select: { scores: true, comment: true, submittedAt: true } },
    },
    orderBy: [{ hostUnit: { name: "asc" } }, { person: { fullName: "asc" } }],
  });
}

export type AssessableEnrollment = Awaited<ReturnType<typeof listAssessableEnrollments>>[number];

const assessmentProgramSelect = {
  id: true,
  name: true,
  status: true,
  hostProvinceCode: true,
  startDate: true,
  endDate: true,
  workingWeekdays: true,
  assessmentCriteria: true,
  assessmentClosesOn: true,
  hostProvince: { select: { timeZone: true } },
} satisfies Prisma.ProgramSelect;

/** A program's dates and assessment settings. */
export async function findAssessmentProgram(db: DbOrTx, programId: string) {
  return (
    (await db.program.findUnique({ where: { id: programId }, select: assessmentProgramSelect })) ??
    undefined
  );
}

/** One enrollment with what an assessment press needs: program settings, unit, assessment. */
export function findEnrollmentForAssessment(db: DbOrTx, enrollmentId: string) {
  return db.enrollment.findFirst({
    where: { id: enrollmentId, ...assessableWhere },
    select: {
      id: true,
      programId: true,
      personId: true,
      hostUnitId: true,
      person: { select: { fullName: true, ownAgency: true } },
      hostUnit: { select: { name: true, shortName: true } },
      program: { select: assessmentProgramSelect },
      assessment: { select: { id: true, scores: true, comment: true, submittedAt: true } },
    },
  });
}

export type EnrollmentForAssessment = NonNullable<
  Awaited<ReturnType<typeof findEnrollmentForAssessment>>
>;

/** Saves the scores (a first submission or a change); the comment is kept. */
export function saveAssessmentScores(
  db: DbOrTx,
  input: {
    enrollmentId: string;
    programId: string;
    assessorId: string;
    scores: Record<string, number>;
    at: Date;
  },
) {
  return db.mentorAssessment.upsert({
    where: { enrollmentId: input.enrollmentId },
    create: {
      enrollmentId: input.enrollmentId,
      programId: input.programId,
      assessorId: input.assessorId,
      scores: input.scores,
      submittedAt: input.at,
    },
    update: { assessorId: input.assessorId, scores: input.scores, submittedAt: input.at },
    select: { id: true },
  });
}

export function saveAssessmentComment(
  db: DbOrTx,
  input: { enrollmentId: string; assessorId: string; comment: string | null },
) {
  return db.mentorAssessment.update({
    where: { enrollmentId: input.enrollmentId },
    data: { assessorId: input.assessorId, comment: input.comment },
    select: { id: true },
  });
}

/** The submitted assessments of a program. */
export function listSubmittedAssessments(db: DbOrTx, programId: string) {
  return db.mentorAssessment.findMany({
    where: { programId, submittedAt: { not: null } },
    select: {
      id: true,
      enrollmentId: true,
      assessorId: true,
      scores: true,
      comment: true,
      submittedAt: true,
    },
    orderBy: { submittedAt: "asc" },
  });
}

/** The program's criteria setting, for readers outside a press (reports, certificates). */
export function findAssessmentSettings(db: DbOrTx, programId: string) {
  return db.program.findUnique({
    where: { id: programId },
    select: { assessmentCriteria: true, assessmentClosesOn: true, endDate: true },
  });
}
