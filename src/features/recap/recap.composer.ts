import { Composer, InputFile } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import { withinWorkerLimits } from "../../bot/worker-limits.ts";
import { formatDateId, localDate } from "../../domain/time.ts";
import { buildRecapFilesInWorker } from "../../workers/heavy-work.ts";
import { resolveStaffProgram } from "../shared/staff-program.service.ts";
import { linkCoordinatorGroup } from "./recap.service.ts";
import { renderRecapChart } from "./recap-chart.ts";
import { loadRecapData } from "./recap-data.service.ts";
import { buildReportsWorkbook } from "./reports-workbook.ts";

const reportWords = new Set(["laporan", "reports", "report"]);

/** /rekap (chart, XLSX and CSV of the period), /rekap laporan, and /grupkoordinator. */
export function createRecapComposer(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command("rekap", async (ctx) => {
    const now = ctx.deps.clock.now();
    const program = await resolveStaffProgram(ctx.deps.db, ctx.actor, "view", now);
    if (!program) {
      await ctx.reply(ctx.t("recap.not_allowed"));
      return;
    }
    const argument = ctx.match.trim().toLowerCase();
    if (argument !== "" && !reportWords.has(argument)) {
      await ctx.reply(ctx.t("recap.usage"));
      return;
    }
    const stamp = localDate(now, program.timeZone);
    await ctx.replyWithChatAction("upload_document").catch(() => undefined);
    if (reportWords.has(argument)) {
      const workbook = await buildReportsWorkbook(ctx.deps.db, ctx.t, ctx.locale, program, now);
      await ctx.replyWithDocument(new InputFile(workbook, `laporan-peserta-${stamp}.xlsx`), {
        caption: ctx.t("recap.reports_caption", { program: program.name }),
      });
      return;
    }
    const started = Date.now();
    const data = await loadRecapData(ctx.deps.db, program, now);
    if (data.days.length === 0) {
      await ctx.reply(
        ctx.t("recap.not_started", { date: formatDateId(program.startDate, ctx.locale) }),
      );
      return;
    }
    // The chart answers the question at once; the files, which take longer to build for a
    // large program, follow it.
    // Chart, workbook and CSV are made in worker threads: other users keep being answered.
    const built = await withinWorkerLimits(ctx, "recap", async () => {
      const chart = await renderRecapChart(ctx.t, ctx.locale, data);
      await ctx.replyWithPhoto(new InputFile(chart, `rekap-${stamp}.png`), {
        caption: ctx.t("recap.chart_caption", { program: program.name, days: data.days.length }),
      });
      await ctx.replyWithChatAction("upload_document").catch(() => undefined);
      return buildRecapFilesInWorker(ctx.locale, {
        ...data,
        signature: ctx.deps.config.recapSignature,
      });
    });
    if (!built) return;
    const { xlsx: workbook, csv } = built;
    ctx.logger.info(
      {
        programId: program.id,
        rows: data.rows.length,
        days: data.days.length,
        ms: Date.now() - started,
      },
      "recap.built",
    );
    await ctx.replyWithDocument(new InputFile(workbook, `rekap-presensi-${stamp}.xlsx`), {
      caption: ctx.t("recap.xlsx_caption"),
    });
    await ctx.replyWithDocument(new InputFile(csv, `rekap-presensi-${stamp}.csv`), {
      caption: ctx.t("recap.csv_caption"),
    });
  });

  composer.command("grupkoordinator", async (ctx) => {
    if (ctx.chat.type !== "group" && ctx.chat.type !== "supergroup") {
      await ctx.reply(ctx.t("recap.group_only"));
      return;
    }
    const now = ctx.deps.clock.now();
    const program = await resolveStaffProgram(ctx.deps.db, ctx.actor, "manage", now);
    if (!program || program.scopeUnitIds) {
      await ctx.reply(ctx.t("recap.group_not_allowed"));
      return;
    }
    const chatId = BigInt(ctx.chat.id);
    await linkCoordinatorGroup(ctx.deps.db, {
      programId: program.id,
      chatId,
      actorId: ctx.actor?.personId ?? null,
      now,
    });
    await ctx.reply(ctx.t("recap.group_linked", { program: program.name }));
  });

  return composer;
}
