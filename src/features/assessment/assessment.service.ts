import type { Actor } from "../../bot/actor.ts";
import type { Db, DbOrTx } from "../../db/client.ts";
import {
  type AssessableEnrollment,
  type AssessorGrantRow,
  type EnrollmentForAssessment,
  findAssessmentProgram,
  findAssessmentSettings,
  findEnrollmentForAssessment,
  listAssessableEnrollments,
  listAssessorGrants,
  listSubmittedAssessments,
  saveAssessmentComment,
  saveAssessmentScores,
} from "../../db/repositories/assessment.repository.ts";
import { listStaffPrograms } from "../../db/repositories/program-lookup.repository.ts";
import {
  type AssessmentWindow,
  assessmentClosesOn,
  assessmentWindow,
  averageScore,
  criteriaOf,
  parseScoreDigits,
  readScores,
  scoresByCriterion,
} from "../../domain/assessment.ts";
import { isoDateOf, localDate } from "../../domain/time.ts";
import type { Translate } from "../../i18n/i18n.ts";
import { staffProgramIds } from "../access/access.ts";
import { resolveProgramScope } from "../access/scope.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { criterionLabel } from "../shared/criterion-label.ts";
import { loadProgramCalendar } from "../shared/program-calendar.ts";
import {
  resolveStaffProgram,
  type StaffProgram,
  toStaffProgram,
} from "../shared/staff-program.service.ts";
import { assessorsOfUnit, mayAssess, type ProgramGrant } from "./assessors.ts";

export const MAX_ASSESSMENT_COMMENT = 1000;

export type AssessmentRefusal = "gone" | "not_allowed" | "not_yet" | "closed";

export interface AssessmentTarget {
  enrollment: EnrollmentForAssessment;
  criteria: string[];
  window: AssessmentWindow;
  /** The stored scores (empty before the first submission). */
  scores: Record<string, number>;
  submitted: boolean;
}

export type AssessmentAccess =
  | ({ ok: true } & AssessmentTarget)
  | { ok: false; reason: AssessmentRefusal; window?: AssessmentWindow };

function toProgramGrants(rows: AssessorGrantRow[]): ProgramGrant[] {
  return rows.map(({ person: _person, ...grant }) => grant);
}

type WindowProgram = Pick<
  EnrollmentForAssessment["program"],
  "id" | "hostProvinceCode" | "startDate" | "endDate" | "workingWeekdays" | "assessmentClosesOn"
> & { hostProvince: { timeZone: string } };

/** The window of a program's assessment, in its host province's zone. */
async function windowOf(db: DbOrTx, program: WindowProgram, now: Date): Promise<AssessmentWindow> {
  const calendar = await loadProgramCalendar(db, program);
  const closesOn = assessmentClosesOn({
    endDate: isoDateOf(program.endDate),
    closesOn: program.assessmentClosesOn ? isoDateOf(program.assessmentClosesOn) : null,
  });
  return assessmentWindow(
    localDate(now, program.hostProvince.timeZone),
    calendar.lastWorkingDay(),
    closesOn,
  );
}

/**
 * Whether this person may assess this participant now, checked on the server for every press:
 * the participant is still placed and enrolled, the person is one of the unit's assessors
 * (assessors.ts) and the window is open.
 */
export async function checkAssessmentAccess(
  db: DbOrTx,
  personId: string | null,
  enrollmentId: string,
  now: Date,
): Promise<AssessmentAccess> {
  const enrollment = await findEnrollmentForAssessment(db, enrollmentId);
  if (!enrollment || !["ACTIVE", "FINISHED"].includes(enrollment.program.status)) {
    return { ok: false, reason: "gone" };
  }
  const grants = toProgramGrants(await listAssessorGrants(db, enrollment.programId));
  if (!mayAssess(personId, enrollment, grants)) return { ok: false, reason: "not_allowed" };
  const window = await windowOf(db, enrollment.program, now);
  if (window.kind !== "open") return { ok: false, reason: window.kind, window };
  return {
    ok: true,
    enrollment,
    criteria: criteriaOf(enrollment.program.assessmentCriteria),
    window,
    scores: readScores(enrollment.assessment?.scores),
    submitted: Boolean(enrollment.assessment?.submittedAt),
  };
}

export type SubmitScoresResult =
  | { ok: true; first: boolean; target: AssessmentTarget; scores: Record<string, number> }
  | { ok: false; reason: AssessmentRefusal | "incomplete"; window?: AssessmentWindow };

/**
 * Saves the scores of a completed rating (one digit per criterion, in order) and audits it as
 * a submission or a change, in one transaction after the access check.
 */
export async function submitAssessmentScores(
  db: Db,
  personId: string | null,
  enrollmentId: string,
  digits: string,
  now: Date,
): Promise<SubmitScoresResult> {
  const access = await checkAssessmentAccess(db, personId, enrollmentId, now);
  if (!access.ok) return access;
  const values = parseScoreDigits(digits, access.criteria.length);
  if (!values || values.length !== access.criteria.length || !personId) {
    return { ok: false, reason: "incomplete" };
  }
  const scores = scoresByCriterion(access.criteria, values);
  const first = !access.submitted;
  await db.$transaction(async (tx) => {
    const saved = await saveAssessmentScores(tx, {
      enrollmentId,
      programId: access.enrollment.programId,
      assessorId: personId,
      scores,
      at: now,
    });
    await recordAudit(tx, {
      actorId: personId,
      action: first ? "assessment.submitted" : "assessment.changed",
      programId: access.enrollment.programId,
      details: { assessmentId: saved.id, enrollmentId, part: "scores" },
      at: now,
    });
  });
  return { ok: true, first, target: access, scores };
}

export type SubmitCommentResult =
  | { ok: true; target: AssessmentTarget; comment: string | null }
  | { ok: false; reason: AssessmentRefusal | "not_submitted"; window?: AssessmentWindow };

/**
 * The optional comment after the scores: `comment` replaces the stored one; `undefined`
 * ("Lewati") keeps it as it is. Audited as a change when it changes.
 */
export async function submitAssessmentComment(
  db: Db,
  personId: string | null,
  enrollmentId: string,
  comment: string | undefined,
  now: Date,
): Promise<SubmitCommentResult> {
  const access = await checkAssessmentAccess(db, personId, enrollmentId, now);
  if (!access.ok) return access;
  if (!access.submitted || !personId) return { ok: false, reason: "not_submitted" };
  const previous = access.enrollment.assessment?.comment ?? null;
  if (comment === undefined || comment === previous) {
    return { ok: true, target: access, comment: previous };
  }
  await db.$transaction(async (tx) => {
    const saved = await saveAssessmentComment(tx, { enrollmentId, assessorId: personId, comment });
    await recordAudit(tx, {
      actorId: personId,
      action: "assessment.changed",
      programId: access.enrollment.programId,
      details: { assessmentId: saved.id, enrollmentId, part: "comment" },
      at: now,
    });
  });
  return { ok: true, target: access, comment };
}

// ───────────── Who is asked, reminded and still missing ─────────────

export interface AssessorRecipient {
  personId: string;
  chatId: bigint;
  locale: string | null;
}

export interface AssessorWork {
  assessor: AssessorRecipient;
  /** The participants this assessor is asked about, by unit and name. */
  enrollments: AssessableEnrollment[];
}

/**
 * Per reachable assessor (a Telegram account not marked unreachable), the participants of the
 * units they assess; with `missingOnly`, only those not assessed yet. Assessors with nothing
 * to do are left out.
 */
export async function planAssessorWork(
  db: DbOrTx,
  programId: string,
  options: { missingOnly: boolean },
): Promise<AssessorWork[]> {
  const [rows, enrollments] = await Promise.all([
    listAssessorGrants(db, programId),
    listAssessableEnrollments(db, programId),
  ]);
  const grants = toProgramGrants(rows);
  const accounts = new Map<string, AssessorRecipient>();
  for (const row of rows) {
    const account = row.person.account;
    if (!account || account.unreachableAt) continue;
    accounts.set(row.personId, {
      personId: row.personId,
      chatId: account.telegramUserId,
      locale: account.locale,
    });
  }
  const work = new Map<string, AssessorWork>();
  const assessorsByUnit = new Map<string, string[]>();
  for (const enrollment of enrollments) {
    if (options.missingOnly && enrollment.assessment?.submittedAt) continue;
    const unitId = enrollment.hostUnitId;
    if (!unitId) continue;
    let assessors = assessorsByUnit.get(unitId);
    if (!assessors) {
      assessors = assessorsOfUnit(programId, unitId, grants).personIds;
      assessorsByUnit.set(unitId, assessors);
    }
    for (const personId of assessors) {
      const assessor = accounts.get(personId);
      if (!assessor || personId === enrollment.personId) continue;
      const entry = work.get(personId) ?? { assessor, enrollments: [] };
      entry.enrollments.push(enrollment);
      work.set(personId, entry);
    }
  }
  return [...work.values()];
}

export interface UnitProgress {
  unitId: string;
  unitName: string;
  /** "mentor" or "coordinator" (no mentor: host coordinators assess), "none": nobody can. */
  assessedBy: "mentor" | "coordinator" | "none";
  participants: {
    enrollmentId: string;
    fullName: string;
    submitted: boolean;
    average: number | undefined;
    /** The viewer may assess this participant (a button is shown). */
    mine: boolean;
  }[];
}

export interface AssessmentOverview {
  window: { opensOn: string; closesOn: string; kind: AssessmentWindow["kind"] };
  units: UnitProgress[];
  assessed: number;
  total: number;
}

/**
 * The program /penilaian is about: among those the actor may view, one whose assessment is
 * open now (a program that ended last week while the next one runs), else the program staff
 * commands choose (shared/staff-program.service.ts).
 */
export async function resolveAssessmentProgram(
  db: DbOrTx,
  actor: Actor | undefined,
  now: Date,
): Promise<StaffProgram | undefined> {
  const ids = staffProgramIds(actor);
  if (!actor || (ids !== undefined && ids.length === 0)) return undefined;
  for (const program of await listStaffPrograms(db, ids)) {
    const scope = resolveProgramScope(actor, program.id, "view");
    if (!scope || program.status === "DRAFT") continue;
    if ((await windowOf(db, program, now)).kind === "open") {
      return toStaffProgram(program, scope.hostUnitIds);
    }
  }
  return resolveStaffProgram(db, actor, "view", now);
}

/** /penilaian: assessed and missing per host unit within the viewer's scope. */
export async function assessmentOverview(
  db: DbOrTx,
  program: { id: string; scopeUnitIds: readonly string[] | null },
  viewerPersonId: string | null,
  now: Date,
): Promise<AssessmentOverview | undefined> {
  const settings = await findAssessmentProgram(db, program.id);
  if (!settings) return undefined;
  const [rows, enrollments, window] = await Promise.all([
    listAssessorGrants(db, program.id),
    listAssessableEnrollments(db, program.id, program.scopeUnitIds),
    windowOf(db, settings, now),
  ]);
  const grants = toProgramGrants(rows);
  const units = new Map<string, UnitProgress>();
  for (const enrollment of enrollments) {
    const unit = enrollment.hostUnit;
    if (!unit) continue;
    let progress = units.get(unit.id);
    if (!progress) {
      const assessors = assessorsOfUnit(program.id, unit.id, grants);
      progress = {
        unitId: unit.id,
        unitName: unit.shortName ?? unit.name,
        assessedBy: assessors.personIds.length === 0 ? "none" : assessors.kind,
        participants: [],
      };
      units.set(unit.id, progress);
    }
    const scores = readScores(enrollment.assessment?.scores);
    const submitted = Boolean(enrollment.assessment?.submittedAt);
    progress.participants.push({
      enrollmentId: enrollment.id,
      fullName: enrollment.person.fullName,
      submitted,
      average: submitted ? averageScore(scores) : undefined,
      mine: mayAssess(viewerPersonId, { ...enrollment, programId: program.id }, grants),
    });
  }
  const all = [...units.values()].flatMap((unit) => unit.participants);
  return {
    window: { opensOn: window.opensOn, closesOn: window.closesOn, kind: window.kind },
    units: [...units.values()],
    assessed: all.filter((participant) => participant.submitted).length,
    total: all.length,
  };
}

// ───────────── For the documents (dossier, program report) ─────────────

export interface ProgramAssessments {
  /** The program's criteria in order, with their label (translated when `t` is given). */
  criteria: { key: string; label: string }[];
  /** Per enrollment with a submitted assessment. */
  byEnrollment: Map<
    string,
    {
      scores: Record<string, number>;
      average: number | undefined;
      comment: string | null;
      submittedAt: Date;
      assessorId: string | null;
    }
  >;
}

/**
 * The submitted assessments of a program, for the dossier and the program report: per
 * enrollment the scores ({ criterionKey: 1..5 }), their average (two decimals) and the comment,
 * with the program's criteria and their labels. Pass `t` (e.g. translatorFor(i18n, "id")) to
 * get the labels in a language; without it a label is the key.
 */
export async function loadAssessmentsForProgram(
  db: DbOrTx,
  programId: string,
  t?: Translate,
): Promise<ProgramAssessments> {
  const [settings, rows] = await Promise.all([
    findAssessmentSettings(db, programId),
    listSubmittedAssessments(db, programId),
  ]);
  const criteria = criteriaOf(settings?.assessmentCriteria ?? []).map((key) => ({
    key,
    label: t ? criterionLabel(t, key) : key,
  }));
  const byEnrollment: ProgramAssessments["byEnrollment"] = new Map();
  for (const row of rows) {
    if (!row.submittedAt) continue;
    const scores = readScores(row.scores);
    byEnrollment.set(row.enrollmentId, {
      scores,
      average: averageScore(scores),
      comment: row.comment,
      submittedAt: row.submittedAt,
      assessorId: row.assessorId,
    });
  }
  return { criteria, byEnrollment };
}
