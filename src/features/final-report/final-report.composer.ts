import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import { formatDateId } from "../../domain/time.ts";
import { requirePlacement } from "../shared/participant-placement.ts";
import { finalReportRating, skipComment, skipKeyboard } from "./final-report.callbacks.ts";
import {
  askRating,
  FINAL_REPORT_FLOW,
  type FinalReportFlowData,
  finishFeedback,
  MAX_COMMENT_LENGTH,
  MAX_FINAL_TEXT_LENGTH,
} from "./final-report.flow.ts";
import { finalReportWindow, findSubmittedFinalReport } from "./final-report.service.ts";
import { MAX_FINAL_REPORT_MB } from "./final-report-file.ts";

/** /laporanakhir: the final report and the short feedback survey that follows it. */
export function createFinalReportComposer(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command("laporanakhir", async (ctx) => {
    const placement = await requirePlacement(ctx);
    if (!placement) return;
    const window = await finalReportWindow(ctx.deps.db, placement);
    if (window.kind === "not_yet") {
      await ctx.reply(
        ctx.t("final_report.not_yet", {
          opens: formatDateId(window.opensOn, ctx.locale),
          closes: formatDateId(window.closesOn, ctx.locale),
        }),
      );
      return;
    }
    if (window.kind === "closed") {
      await ctx.reply(
        ctx.t("final_report.closed", { closes: formatDateId(window.closesOn, ctx.locale) }),
      );
      return;
    }
    const previous = await findSubmittedFinalReport(ctx.deps.db, placement.enrollment.id);
    await ctx.flow.start<FinalReportFlowData>(FINAL_REPORT_FLOW, "submission", {
      enrollmentId: placement.enrollment.id,
    });
    const lines = [
      ctx.t("final_report.prompt", {
        max: MAX_FINAL_REPORT_MB,
        chars: MAX_FINAL_TEXT_LENGTH,
        closes: formatDateId(window.closesOn, ctx.locale),
      }),
    ];
    if (previous) lines.push("", ctx.t("final_report.replaces_previous"));
    await ctx.reply(lines.join("\n"), { reply_markup: { remove_keyboard: true } });
  });

  composer.callbackQuery(finalReportRating.filter, async (ctx) => {
    const { target, score } = finalReportRating.values(ctx.match);
    const state = await ctx.flow.current();
    const expectedStep = target === "host" ? "rate_host" : "rate_mentor";
    if (state?.flow !== FINAL_REPORT_FLOW || state.step !== expectedStep) {
      await ctx.answerCallbackQuery({ text: ctx.t("final_report.stale_button") });
      return;
    }
    await ctx.answerCallbackQuery({ text: ctx.t("final_report.rating_saved", { score }) });
    await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
    const rating = Number(score);
    if (target === "host") {
      await ctx.flow.goto<Partial<FinalReportFlowData>>("rate_mentor", { hostRating: rating });
      await askRating(ctx, "mentor");
      return;
    }
    await ctx.flow.goto<Partial<FinalReportFlowData>>("comment", { mentorRating: rating });
    await ctx.reply(ctx.t("final_report.ask_comment", { max: MAX_COMMENT_LENGTH }), {
      reply_markup: skipKeyboard(ctx.t),
    });
  });

  composer.callbackQuery(skipComment.filter, async (ctx) => {
    const state = await ctx.flow.current();
    if (state?.flow !== FINAL_REPORT_FLOW || state.step !== "comment") {
      await ctx.answerCallbackQuery({ text: ctx.t("final_report.stale_button") });
      return;
    }
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
    await finishFeedback(ctx, state, null);
  });

  return composer;
}
