import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import { formatDateId } from "../../domain/time.ts";
import { escapeHtml } from "../../shared/html.ts";
import { requirePlacement } from "../shared/participant-placement.ts";
import { finishReport, keepReport, replaceReport } from "./daily-report.callbacks.ts";
import { DAILY_REPORT_FLOW, type DailyReportFlowData } from "./daily-report.flow.ts";
import { loadReport, MAX_REPORT_LENGTH, reportDay } from "./daily-report.service.ts";

/** /laporan: today's report, shown and replaceable the same day. */
export function createDailyReportComposer(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command("laporan", async (ctx) => {
    const placement = await requirePlacement(ctx);
    if (!placement) return;
    const day = await reportDay(ctx.deps.db, placement);
    if (day.kind === "outside_program") {
      await ctx.reply(ctx.t("daily_report.outside_program"));
      return;
    }
    const date = formatDateId(day.localDate, ctx.locale);
    if (day.existing) {
      const keyboard = new InlineKeyboard()
        .text(ctx.t("daily_report.button_replace"), replaceReport.build({}))
        .text(ctx.t("daily_report.button_keep"), keepReport.build({}));
      await ctx.reply(
        ctx.t("daily_report.current", {
          date,
          text: escapeHtml(day.existing.text),
          photos: day.existing.photoFileIds.length,
        }),
        { parse_mode: "HTML", reply_markup: keyboard },
      );
      return;
    }
    await startReport(ctx, day.localDate, "daily_report.ask_text");
  });

  composer.callbackQuery(replaceReport.filter, async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
    const placement = await requirePlacement(ctx);
    if (!placement) return;
    const day = await reportDay(ctx.deps.db, placement);
    if (day.kind !== "open" || !day.existing) {
      // The button is from another day's /laporan: today's report is a new one.
      await ctx.reply(ctx.t("daily_report.replace_stale"));
      return;
    }
    await startReport(ctx, day.localDate, "daily_report.ask_replacement");
  });

  composer.callbackQuery(keepReport.filter, async (ctx) => {
    await ctx.answerCallbackQuery({ text: ctx.t("daily_report.kept") });
    await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
  });

  composer.callbackQuery(finishReport.filter, async (ctx) => {
    const state = await ctx.flow.current();
    const data = state?.data as unknown as DailyReportFlowData | undefined;
    if (state?.flow !== DAILY_REPORT_FLOW || state.step !== "photos" || !data?.reportId) {
      await ctx.answerCallbackQuery({ text: ctx.t("daily_report.nothing_open") });
      return;
    }
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
    await ctx.flow.end();
    const report = await loadReport(ctx.deps.db, data.reportId);
    await ctx.reply(ctx.t("daily_report.complete", { count: report?.photoFileIds.length ?? 0 }));
  });

  return composer;
}

async function startReport(ctx: BotContext, localDate: string, key: string): Promise<void> {
  await ctx.flow.start<DailyReportFlowData>(DAILY_REPORT_FLOW, "text", { localDate });
  await ctx.reply(
    ctx.t(key, { date: formatDateId(localDate, ctx.locale), max: MAX_REPORT_LENGTH }),
    { parse_mode: "HTML", reply_markup: { remove_keyboard: true } },
  );
}
