import { Composer, GrammyError } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import { parseScoreDigits } from "../../domain/assessment.ts";
import { expandId } from "../../shared/compact-id.ts";
import {
  ASSESSMENT_COMMENT_FLOW,
  type AssessmentCommentData,
  askComment,
  finishComment,
} from "./assessment.flow.ts";
import {
  anyAssessmentCallback,
  openCallback,
  rateCallback,
  saveCallback,
  skipCommentCallback,
} from "./assessment.keyboards.ts";
import {
  type RatingSubject,
  type RenderedMessage,
  renderOverview,
  renderRatingStep,
  renderSaved,
} from "./assessment.render.ts";
import {
  type AssessmentTarget,
  assessmentOverview,
  checkAssessmentAccess,
  resolveAssessmentProgram,
  submitAssessmentScores,
} from "./assessment.service.ts";
import { refusalText } from "./refusal.ts";

/**
 * The mentor's assessment (issue 13, item 1): the rating buttons of the scheduled requests,
 * reminders and /penilaian, the comment that follows, and /penilaian for staff (who is
 * assessed and who is missing, within their scope).
 */
export function createAssessmentComposer(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command("penilaian", async (ctx) => {
    const now = ctx.deps.clock.now();
    const program = await resolveAssessmentProgram(ctx.deps.db, ctx.actor, now);
    if (!program) {
      await ctx.reply(ctx.t("assessment.not_allowed"));
      return;
    }
    const overview = await assessmentOverview(
      ctx.deps.db,
      program,
      ctx.actor?.personId ?? null,
      now,
    );
    if (!overview) {
      await ctx.reply(ctx.t("assessment.not_allowed"));
      return;
    }
    for (const message of renderOverview(ctx.t, ctx.locale, {
      ...overview,
      programName: program.name,
    })) {
      await ctx.reply(message.text, {
        parse_mode: "HTML",
        ...(message.reply_markup ? { reply_markup: message.reply_markup } : {}),
      });
    }
    ctx.logger.info(
      { programId: program.id, assessed: overview.assessed, total: overview.total },
      "assessment.overview_shown",
    );
  });

  // The next criterion, the summary, or (no scores) the start again after «Ubah».
  composer.callbackQuery(rateCallback, async (ctx) => {
    const target = await accessOrRefuse(ctx, ctx.match[1]);
    if (!target) return;
    let given = parseScoreDigits(ctx.match[2] ?? "", target.criteria.length);
    if (!given) {
      // The program's criteria changed since the message was sent: start again.
      await ctx.answerCallbackQuery({ text: ctx.t("assessment.criteria_changed") });
      given = [];
    } else {
      await ctx.answerCallbackQuery();
    }
    await edit(ctx, renderRatingStep(ctx.t, ctx.locale, subjectOf(target), given));
  });

  composer.callbackQuery(saveCallback, async (ctx) => {
    const enrollmentId = expandId(ctx.match[1] ?? "");
    if (!enrollmentId) {
      await refuse(ctx, refusalText(ctx, "stale"));
      return;
    }
    const result = await submitAssessmentScores(
      ctx.deps.db,
      ctx.actor?.personId ?? null,
      enrollmentId,
      ctx.match[2] ?? "",
      ctx.deps.clock.now(),
    );
    if (!result.ok) {
      await refuse(ctx, refusalText(ctx, result.reason, result.window));
      return;
    }
    ctx.logger.info(
      { enrollment: enrollmentId, first: result.first },
      result.first ? "assessment.submitted" : "assessment.changed",
    );
    await ctx.answerCallbackQuery({ text: ctx.t("assessment.saved_toast") });
    const previous = result.target.enrollment.assessment?.comment ?? null;
    const subject = subjectOf(result.target);
    await edit(ctx, renderSaved(ctx.t, ctx.locale, subject, result.scores, previous));
    const data: AssessmentCommentData = { enrollmentId, fullName: subject.fullName };
    await ctx.flow.start(ASSESSMENT_COMMENT_FLOW, "comment", data);
    await askComment(ctx, data, previous);
  });

  // From a reminder or /penilaian: the rating in a new message (or the saved one, to change).
  composer.callbackQuery(openCallback, async (ctx) => {
    const target = await accessOrRefuse(ctx, ctx.match[1]);
    if (!target) return;
    await ctx.answerCallbackQuery();
    const subject = subjectOf(target);
    const message = target.submitted
      ? renderSaved(
          ctx.t,
          ctx.locale,
          subject,
          target.scores,
          target.enrollment.assessment?.comment ?? null,
        )
      : renderRatingStep(ctx.t, ctx.locale, subject, []);
    await ctx.reply(message.text, { parse_mode: "HTML", reply_markup: message.reply_markup });
  });

  composer.callbackQuery(skipCommentCallback, async (ctx) => {
    const enrollmentId = expandId(ctx.match[1] ?? "");
    const state = await ctx.flow.current();
    const data = state?.data as AssessmentCommentData | undefined;
    if (
      !enrollmentId ||
      state?.flow !== ASSESSMENT_COMMENT_FLOW ||
      data?.enrollmentId !== enrollmentId
    ) {
      await refuse(ctx, refusalText(ctx, "stale"));
      return;
    }
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
    await finishComment(ctx, data, undefined);
  });

  composer.callbackQuery(anyAssessmentCallback, async (ctx) => {
    await refuse(ctx, refusalText(ctx, "stale"));
  });

  return composer;
}

/** The access check of every rating press; a refusal is answered (alert) and undefined returned. */
async function accessOrRefuse(
  ctx: BotContext,
  compact: string | undefined,
): Promise<AssessmentTarget | undefined> {
  const enrollmentId = expandId(compact ?? "");
  if (!enrollmentId) {
    await refuse(ctx, refusalText(ctx, "stale"));
    return undefined;
  }
  const access = await checkAssessmentAccess(
    ctx.deps.db,
    ctx.actor?.personId ?? null,
    enrollmentId,
    ctx.deps.clock.now(),
  );
  if (!access.ok) {
    ctx.logger.info({ enrollment: enrollmentId, reason: access.reason }, "assessment.refused");
    await refuse(ctx, refusalText(ctx, access.reason, access.window));
    return undefined;
  }
  return access;
}

async function refuse(ctx: BotContext, text: string): Promise<void> {
  await ctx.answerCallbackQuery({ text, show_alert: true });
}

function subjectOf(target: AssessmentTarget): RatingSubject {
  const { enrollment } = target;
  return {
    enrollmentId: enrollment.id,
    fullName: enrollment.person.fullName,
    ownAgency: enrollment.person.ownAgency,
    unitName: enrollment.hostUnit?.shortName ?? enrollment.hostUnit?.name ?? "",
    criteria: target.criteria,
    closesOn: target.window.closesOn,
  };
}

/** Edits the pressed message; pressing the same button twice changes nothing and is fine. */
async function edit(ctx: BotContext, message: RenderedMessage): Promise<void> {
  try {
    await ctx.editMessageText(message.text, {
      parse_mode: "HTML",
      reply_markup: message.reply_markup,
    });
  } catch (error) {
    if (error instanceof GrammyError && /message is not modified/i.test(error.description)) return;
    throw error;
  }
}
