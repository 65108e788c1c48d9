import { InlineKeyboard } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import type { FlowDefinition, FlowState } from "../../bot/flows.ts";
import { formatDateId } from "../../domain/time.ts";
import { escapeHtml } from "../../shared/html.ts";
import { requirePlacement } from "../shared/participant-placement.ts";
import { ratingKeyboard, skipKeyboard } from "./final-report.callbacks.ts";
import {
  finalReportWindow,
  findSubmittedFinalReport,
  submitFeedback,
  submitFinalReport,
} from "./final-report.service.ts";
import {
  isAcceptedReportType,
  MAX_FINAL_REPORT_BYTES,
  MAX_FINAL_REPORT_MB,
  removeStoredFile,
  safeFileName,
  storeTelegramFile,
} from "./final-report-file.ts";

export const FINAL_REPORT_FLOW = "final-report";
export const MAX_FINAL_TEXT_LENGTH = 4000;
export const MAX_COMMENT_LENGTH = 1000;

export interface FinalReportFlowData {
  enrollmentId: string;
  hostRating?: number;
  mentorRating?: number;
}

const skipWords = new Set(["lewati", "skip"]);

/** The report (file or text), then the host and mentor ratings, then an optional comment. */
export function createFinalReportFlow(): FlowDefinition {
  return {
    name: FINAL_REPORT_FLOW,
    steps: {
      submission: onSubmission,
      rate_host: (ctx) => askRating(ctx, "host"),
      rate_mentor: (ctx) => askRating(ctx, "mentor"),
      comment: onComment,
    },
  };
}

export async function askRating(ctx: BotContext, target: "host" | "mentor"): Promise<void> {
  await ctx.reply(
    ctx.t(target === "host" ? "final_report.rate_host" : "final_report.rate_mentor"),
    {
      reply_markup: ratingKeyboard(target),
    },
  );
}

async function onSubmission(ctx: BotContext, state: FlowState): Promise<void> {
  const data = state.data as unknown as FinalReportFlowData;
  const message = ctx.message;
  const placement = await requirePlacement(ctx);
  if (!placement || placement.enrollment.id !== data.enrollmentId) {
    await ctx.flow.end();
    return;
  }
  // The window is checked again: a flow started in time must not accept a late report.
  const window = await finalReportWindow(ctx.deps.db, placement);
  if (window.kind !== "open") {
    await ctx.flow.end();
    await ctx.reply(
      ctx.t("final_report.closed", { closes: formatDateId(window.closesOn, ctx.locale) }),
    );
    return;
  }
  const now = ctx.deps.clock.now();
  const previous = await findSubmittedFinalReport(ctx.deps.db, data.enrollmentId);
  const document = message?.document;
  if (document) {
    if (!isAcceptedReportType(document.mime_type)) {
      await ctx.reply(ctx.t("final_report.wrong_type", { max: MAX_FINAL_REPORT_MB }));
      return;
    }
    if ((document.file_size ?? 0) > MAX_FINAL_REPORT_BYTES) {
      await ctx.reply(ctx.t("final_report.too_large", { max: MAX_FINAL_REPORT_MB }));
      return;
    }
    const mimeType = document.mime_type as string;
    const fileName = safeFileName(document.file_name, mimeType);
    const stored = await storeTelegramFile(
      ctx.api,
      ctx.deps.config,
      document.file_id,
      data.enrollmentId,
      fileName,
    );
    await submitFinalReport(
      ctx.deps.db,
      data.enrollmentId,
      {
        fileId: document.file_id,
        fileName: document.file_name ?? fileName,
        mimeType,
        fileSize: stored.size,
        storedPath: stored.storedPath,
      },
      now,
    );
    await removeStoredFile(previous?.storedPath ?? null, stored.storedPath);
    ctx.logger.info(
      { enrollment: data.enrollmentId, bytes: stored.size },
      "final_report.file_saved",
    );
    await ctx.reply(
      ctx.t("final_report.file_saved", { name: escapeHtml(document.file_name ?? fileName) }),
      { parse_mode: "HTML" },
    );
  } else {
    const text = message?.text?.trim();
    if (!text || text.length > MAX_FINAL_TEXT_LENGTH) {
      await ctx.reply(
        ctx.t("final_report.submission_expected", {
          max: MAX_FINAL_REPORT_MB,
          chars: MAX_FINAL_TEXT_LENGTH,
        }),
      );
      return;
    }
    await submitFinalReport(ctx.deps.db, data.enrollmentId, { text }, now);
    await removeStoredFile(previous?.storedPath ?? null, null);
    ctx.logger.info({ enrollment: data.enrollmentId }, "final_report.text_saved");
    await ctx.reply(ctx.t("final_report.text_saved"));
  }
  await ctx.flow.goto("rate_host");
  await askRating(ctx, "host");
}

async function onComment(ctx: BotContext, state: FlowState): Promise<void> {
  const text = ctx.message?.text?.trim();
  if (!text || text.length > MAX_COMMENT_LENGTH) {
    await ctx.reply(ctx.t("final_report.comment_expected", { max: MAX_COMMENT_LENGTH }), {
      reply_markup: skipKeyboard(ctx.t),
    });
    return;
  }
  await finishFeedback(ctx, state, skipWords.has(text.toLowerCase()) ? null : text);
}

/** Stores the ratings with the comment (or none) and closes the survey. */
export async function finishFeedback(
  ctx: BotContext,
  state: FlowState,
  comment: string | null,
): Promise<void> {
  const data = state.data as unknown as FinalReportFlowData;
  if (data.hostRating === undefined || data.mentorRating === undefined) {
    await ctx.flow.end();
    await ctx.reply(ctx.t("final_report.survey_incomplete"));
    return;
  }
  await submitFeedback(
    ctx.deps.db,
    data.enrollmentId,
    { hostRating: data.hostRating, mentorRating: data.mentorRating },
    comment,
    ctx.deps.clock.now(),
  );
  await ctx.flow.end();
  ctx.logger.info({ enrollment: data.enrollmentId }, "final_report.feedback_saved");
  // The dossier now holds the final report and the feedback: one press sends it (documents feature).
  await ctx.reply(ctx.t("final_report.thanks"), {
    reply_markup: new InlineKeyboard().text(ctx.t("documents.dossier_button"), "documents:dossier"),
  });
}
