import { InlineKeyboard } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import type { FlowDefinition, FlowState } from "../../bot/flows.ts";
import { formatDateId } from "../../domain/time.ts";
import type { Translate } from "../../i18n/i18n.ts";
import { requirePlacement } from "../shared/participant-placement.ts";
import { finishReport } from "./daily-report.callbacks.ts";
import {
  addReportPhoto,
  MAX_REPORT_LENGTH,
  MAX_REPORT_PHOTOS,
  saveReportText,
} from "./daily-report.service.ts";

export const DAILY_REPORT_FLOW = "daily-report";

export interface DailyReportFlowData {
  localDate: string;
  reportId?: string;
}

export function finishKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard().text(t("daily_report.button_done"), finishReport.build({}));
}

/** The text first (saved at once), then up to five photos, each saved as it arrives. */
export function createDailyReportFlow(): FlowDefinition {
  return { name: DAILY_REPORT_FLOW, steps: { text: onText, photos: onPhoto } };
}

/** The report is for the day it was started; past midnight it is closed. */
async function placementForSameDay(ctx: BotContext, data: DailyReportFlowData) {
  const placement = await requirePlacement(ctx);
  if (!placement) {
    await ctx.flow.end();
    return undefined;
  }
  if (placement.today !== data.localDate) {
    await ctx.flow.end();
    await ctx.reply(
      ctx.t("daily_report.day_changed", { date: formatDateId(data.localDate, ctx.locale) }),
    );
    return undefined;
  }
  return placement;
}

async function onText(ctx: BotContext, state: FlowState): Promise<void> {
  const data = state.data as unknown as DailyReportFlowData;
  const text = ctx.message?.text?.trim();
  if (!text || text.length > MAX_REPORT_LENGTH) {
    await ctx.reply(ctx.t("daily_report.text_expected", { max: MAX_REPORT_LENGTH }));
    return;
  }
  const placement = await placementForSameDay(ctx, data);
  if (!placement) return;
  const report = await saveReportText(
    ctx.deps.db,
    placement,
    data.localDate,
    text,
    ctx.deps.clock.now(),
  );
  ctx.logger.info({ report: report.id }, "daily_report.saved");
  await ctx.flow.goto<Partial<DailyReportFlowData>>("photos", { reportId: report.id });
  await ctx.reply(ctx.t("daily_report.text_saved", { max: MAX_REPORT_PHOTOS }), {
    reply_markup: finishKeyboard(ctx.t),
  });
}

async function onPhoto(ctx: BotContext, state: FlowState): Promise<void> {
  const data = state.data as unknown as DailyReportFlowData;
  const photo = ctx.message?.photo?.at(-1);
  if (!photo || !data.reportId) {
    await ctx.reply(ctx.t("daily_report.photo_expected", { max: MAX_REPORT_PHOTOS }), {
      reply_markup: finishKeyboard(ctx.t),
    });
    return;
  }
  const placement = await placementForSameDay(ctx, data);
  if (!placement) return;
  const outcome = await addReportPhoto(
    ctx.deps.db,
    placement.enrollment.id,
    data.reportId,
    photo.file_id,
    ctx.deps.clock.now(),
  );
  if (outcome.kind === "missing") {
    await ctx.flow.end();
    await ctx.reply(ctx.t("daily_report.missing"));
    return;
  }
  if (outcome.kind === "full") {
    await ctx.flow.end();
    await ctx.reply(ctx.t("daily_report.photos_full", { max: MAX_REPORT_PHOTOS }));
    return;
  }
  if (outcome.count >= MAX_REPORT_PHOTOS) {
    await ctx.flow.end();
    await ctx.reply(ctx.t("daily_report.complete", { count: outcome.count }));
    return;
  }
  await ctx.reply(
    ctx.t("daily_report.photo_saved", { count: outcome.count, max: MAX_REPORT_PHOTOS }),
    { reply_markup: finishKeyboard(ctx.t) },
  );
}
