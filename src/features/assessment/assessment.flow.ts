import type { BotContext } from "../../bot/context.ts";
import type { FlowDefinition, FlowState } from "../../bot/flows.ts";
import { escapeHtml } from "../../shared/html.ts";
import { skipCommentKeyboard } from "./assessment.keyboards.ts";
import { MAX_ASSESSMENT_COMMENT, submitAssessmentComment } from "./assessment.service.ts";
import { refusalText } from "./refusal.ts";

export const ASSESSMENT_COMMENT_FLOW = "assessment-comment";

export interface AssessmentCommentData {
  enrollmentId: string;
  fullName: string;
}

const skipWords = new Set(["lewati", "skip"]);

/** After the scores are saved: an optional comment as text, or «Lewati». */
export function createAssessmentFlow(): FlowDefinition {
  return { name: ASSESSMENT_COMMENT_FLOW, steps: { comment: onComment } };
}

export async function askComment(
  ctx: BotContext,
  data: AssessmentCommentData,
  previous: string | null,
): Promise<void> {
  const lines = [
    ctx.t("assessment.ask_comment", {
      name: escapeHtml(data.fullName),
      max: MAX_ASSESSMENT_COMMENT,
    }),
  ];
  if (previous) {
    lines.push("", ctx.t("assessment.ask_comment_previous", { comment: escapeHtml(previous) }));
  }
  await ctx.reply(lines.join("\n"), {
    parse_mode: "HTML",
    reply_markup: skipCommentKeyboard(ctx.t, data.enrollmentId),
  });
}

async function onComment(ctx: BotContext, state: FlowState): Promise<void> {
  const data = state.data as unknown as AssessmentCommentData;
  const text = ctx.message?.text?.trim();
  // A sticker, photo, voice or an over-long text: asked again, politely, nothing stored.
  if (!text || text.length > MAX_ASSESSMENT_COMMENT) {
    await ctx.reply(ctx.t("assessment.comment_expected", { max: MAX_ASSESSMENT_COMMENT }), {
      reply_markup: skipCommentKeyboard(ctx.t, data.enrollmentId),
    });
    return;
  }
  await finishComment(ctx, data, skipWords.has(text.toLowerCase()) ? undefined : text);
}

/** Stores the comment (undefined: keeps the stored one) and ends the step. */
export async function finishComment(
  ctx: BotContext,
  data: AssessmentCommentData,
  comment: string | undefined,
): Promise<void> {
  const result = await submitAssessmentComment(
    ctx.deps.db,
    ctx.actor?.personId ?? null,
    data.enrollmentId,
    comment,
    ctx.deps.clock.now(),
  );
  await ctx.flow.end();
  if (!result.ok) {
    await ctx.reply(refusalText(ctx, result.reason, result.window));
    return;
  }
  ctx.logger.info(
    { enrollment: data.enrollmentId, comment: comment !== undefined },
    "assessment.comment_done",
  );
  await ctx.reply(
    ctx.t(comment === undefined ? "assessment.comment_skipped" : "assessment.comment_saved", {
      name: escapeHtml(data.fullName),
    }),
    { parse_mode: "HTML" },
  );
}
