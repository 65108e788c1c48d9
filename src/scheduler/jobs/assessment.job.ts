import type { AssessableEnrollment } from "../../db/repositories/assessment.repository.ts";
import { assessmentClosesOn, criteriaOf } from "../../domain/assessment.ts";
import { isoDateOf } from "../../domain/time.ts";
import {
  type ListedParticipant,
  REQUEST_MESSAGES_LIMIT,
  renderRatingStep,
  renderReminder,
  renderRequestList,
} from "../../features/assessment/assessment.render.ts";
import { planAssessorWork } from "../../features/assessment/assessment.service.ts";
import { escapeHtml } from "../../shared/html.ts";
import { type JobBuilder, type JobContext, jobMessage } from "./job-context.ts";

function closesOnOf(ctx: JobContext): string {
  return assessmentClosesOn({
    endDate: isoDateOf(ctx.program.endDate),
    closesOn: ctx.program.assessmentClosesOn ? isoDateOf(ctx.program.assessmentClosesOn) : null,
  });
}

/**
 * The program's last working day: each assessor (the unit's mentors, or the host coordinators
 * where a unit has none) gets one message per participant placed with them, with the first
 * criterion's 1–5 buttons; more than REQUEST_MESSAGES_LIMIT participants (a coordinator for
 * many units without mentors) get one list with a button each instead. Participants already
 * assessed are skipped.
 */
export const buildAssessmentRequests: JobBuilder = async (ctx) => {
  const work = await planAssessorWork(ctx.db, ctx.program.id, { missingOnly: true });
  const criteria = criteriaOf(ctx.program.assessmentCriteria);
  const closesOn = closesOnOf(ctx);
  return work.flatMap(({ assessor, enrollments }) => {
    const { t, locale } = ctx.language(assessor.locale);
    if (enrollments.length > REQUEST_MESSAGES_LIMIT) {
      const message = renderRequestList(t, locale, ctx.program.name, listed(enrollments), closesOn);
      return [
        jobMessage(ctx, assessor.personId, assessor, "sendMessage", {
          text: message.text,
          parse_mode: "HTML",
          reply_markup: message.reply_markup,
        }),
      ];
    }
    const intro = t("assessment.request_intro", {
      program: escapeHtml(ctx.program.name),
      count: enrollments.length,
    });
    return enrollments.map((enrollment) => {
      const message = renderRatingStep(
        t,
        locale,
        {
          enrollmentId: enrollment.id,
          fullName: enrollment.person.fullName,
          ownAgency: enrollment.person.ownAgency,
          unitName: enrollment.hostUnit?.shortName ?? enrollment.hostUnit?.name ?? "",
          criteria,
          closesOn,
        },
        [],
        intro,
      );
      return jobMessage(ctx, `${assessor.personId}:${enrollment.id}`, assessor, "sendMessage", {
        text: message.text,
        parse_mode: "HTML",
        reply_markup: message.reply_markup,
      });
    });
  });
};

/**
 * Each working day after the end until the closing date: one message to each assessor who
 * still has participants to assess, listing them with a button each. Nobody else is written to.
 */
export const buildAssessmentReminders: JobBuilder = async (ctx) => {
  const work = await planAssessorWork(ctx.db, ctx.program.id, { missingOnly: true });
  const closesOn = closesOnOf(ctx);
  return work.map(({ assessor, enrollments }) => {
    const { t, locale } = ctx.language(assessor.locale);
    const message = renderReminder(t, locale, listed(enrollments), closesOn);
    return jobMessage(ctx, assessor.personId, assessor, "sendMessage", {
      text: message.text,
      parse_mode: "HTML",
      reply_markup: message.reply_markup,
    });
  });
};

function listed(enrollments: AssessableEnrollment[]): ListedParticipant[] {
  return enrollments.map((enrollment) => ({
    enrollmentId: enrollment.id,
    fullName: enrollment.person.fullName,
    unitName: enrollment.hostUnit?.shortName ?? enrollment.hostUnit?.name ?? "",
  }));
}
