import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import { formatRate } from "../../domain/attendance-rate.ts";
import { formatDateId, formatTimeWithZone, isoDateOf } from "../../domain/time.ts";
import { escapeHtml } from "../../shared/html.ts";
import { statusLabel } from "../check-in/check-in-render.ts";
import { requirePlacement } from "../shared/participant-placement.ts";
import { loadParticipantHistory } from "./history.service.ts";

/** Lists stop at the latest entries so a long program stays within one message. */
const MAX_LISTED = 25;

/** /riwayat: the participant's own attendance and reports with a summary. */
export function createHistoryComposer(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command("riwayat", async (ctx) => {
    const placement = await requirePlacement(ctx);
    if (!placement) return;
    const history = await loadParticipantHistory(ctx.deps.db, placement);
    const { summary } = history;
    const rate =
      summary.rate === null ? ctx.t("history.rate_none") : formatRate(summary.rate, ctx.locale);
    const lines = [
      ctx.t("history.title", { program: escapeHtml(placement.program.name) }),
      "",
      ctx.t("history.working_days", { count: summary.expectedDays }),
      ctx.t("history.counts", {
        hadir: summary.counts.HADIR,
        terlambat: summary.counts.TERLAMBAT,
        izin: summary.counts.IZIN,
        sakit: summary.counts.SAKIT,
        dinas_luar: summary.counts.DINAS_LUAR,
        unrecorded: summary.unrecorded,
      }),
      ctx.t("history.rate", { rate }),
    ];
    if (history.pendingReviews > 0 || history.rejected > 0) {
      lines.push(
        ctx.t("history.reviews", { pending: history.pendingReviews, rejected: history.rejected }),
      );
    }
    lines.push(
      ctx.t("history.reports_summary", {
        reported: history.reportedDays,
        count: summary.expectedDays,
      }),
      "",
      ctx.t("history.check_ins_heading"),
    );
    if (history.checkIns.length === 0) lines.push(ctx.t("history.none"));
    for (const checkIn of history.checkIns.slice(-MAX_LISTED)) {
      const review =
        checkIn.review === "NONE"
          ? ""
          : ` (${ctx.t(`history.review.${checkIn.review.toLowerCase()}`)})`;
      lines.push(
        `• ${formatDateId(isoDateOf(checkIn.localDate), ctx.locale)} — ${statusLabel(ctx.t, checkIn.status)}, ${formatTimeWithZone(checkIn.recordedAt, placement.timeZone, placement.zone)}${review}`,
      );
    }
    lines.push("", ctx.t("history.reports_heading"));
    if (history.reports.length === 0) lines.push(ctx.t("history.none"));
    for (const report of history.reports.slice(-MAX_LISTED)) {
      lines.push(
        `• ${ctx.t("history.report_line", {
          date: formatDateId(isoDateOf(report.localDate), ctx.locale),
          photos: report.photoFileIds.length,
        })}`,
      );
    }
    await ctx.reply(lines.join("\n"), { parse_mode: "HTML" });
  });
  return composer;
}
