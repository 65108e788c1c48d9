import { Composer, InlineKeyboard, InputFile } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import { withinWorkerLimits } from "../../bot/worker-limits.ts";
import { matchHostUnit } from "../../domain/host-unit-match.ts";
import { formatNip, normaliseNipInput } from "../../domain/nip.ts";
import { compactId, expandId } from "../../shared/compact-id.ts";
import { escapeHtml } from "../../shared/html.ts";
import {
  buildDossierPdfInWorker,
  buildProgramReportPdfInWorker,
} from "../../workers/heavy-work.ts";
import type { StaffProgram } from "../shared/staff-program.service.ts";
import {
  findDossierTarget,
  findOwnEnrollment,
  loadDossierData,
  managesAnyProgram,
} from "./dossier-data.service.ts";
import {
  loadProgramReportData,
  reportUnits,
  resolveReportProgram,
} from "./program-report-data.service.ts";

const MAX_ARGUMENT = 200;
export const OWN_DOSSIER_CALLBACK = "documents:dossier";
const unitCallback = /^documents:unit:([A-Za-z0-9_-]{22})$/;
/** `/laporanprogram instansi`: every host agency as a button, one report each. */
const listWords = new Set(["instansi", "opd", "agency", "agencies"]);
const MAX_UNIT_BUTTONS = 40;

/**
 * /dosir (the participant's own dossier), /dosir <NIP> (coordinators, within their scope) and
 * /laporanprogram [instansi] (coordinators and officials). The PDFs are built in a worker thread
 * on demand and sent; nothing of them is stored.
 */
export function createDocumentsComposer(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command("dosir", async (ctx) => {
    const argument = ctx.match.trim();
    if (argument === "") {
      const own = await findOwnEnrollment(ctx.deps.db, ctx.actor?.personId, ctx.deps.clock.now());
      if (own) return sendDossier(ctx, own);
      await ctx.reply(
        ctx.t(
          managesAnyProgram(ctx.actor)
            ? "documents.dossier_usage"
            : "documents.dossier_not_registered",
        ),
      );
      return;
    }
    if (!managesAnyProgram(ctx.actor)) {
      // A participant is pointed to their own dossier; staff without the role are told who may.
      const own = await findOwnEnrollment(ctx.deps.db, ctx.actor?.personId, ctx.deps.clock.now());
      await ctx.reply(
        ctx.t(own ? "documents.dossier_not_allowed" : "documents.dossier_coordinators_only"),
      );
      return;
    }
    if (argument.length > MAX_ARGUMENT) {
      await ctx.reply(ctx.t("documents.dossier_usage"));
      return;
    }
    const target = await findDossierTarget(ctx.deps.db, ctx.actor, argument);
    if (!target.ok) {
      const nip = normaliseNipInput(argument);
      await ctx.reply(
        target.reason === "bad_nip"
          ? ctx.t("documents.dossier_bad_nip", { nip: argument.slice(0, 40) })
          : ctx.t("documents.dossier_not_found", { nip: formatNip(nip) }),
      );
      return;
    }
    await sendDossier(ctx, target.enrollmentId);
  });

  composer.callbackQuery(OWN_DOSSIER_CALLBACK, async (ctx) => {
    // Only ever the presser's own dossier: the enrollment is looked up from who pressed.
    const own = await findOwnEnrollment(ctx.deps.db, ctx.actor?.personId, ctx.deps.clock.now());
    if (!own) {
      await ctx.answerCallbackQuery({ text: ctx.t("documents.stale_button"), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await sendDossier(ctx, own);
  });

  composer.command("laporanprogram", async (ctx) => {
    const program = await resolveReportProgram(ctx.deps.db, ctx.actor, ctx.deps.clock.now());
    if (!program) {
      await ctx.reply(ctx.t("documents.report_not_allowed"));
      return;
    }
    const argument = ctx.match.trim();
    if (argument.length > MAX_ARGUMENT) {
      await ctx.reply(ctx.t("documents.argument_too_long"));
      return;
    }
    const units = await reportUnits(ctx.deps.db, program);
    if (argument === "") {
      const label = program.scopeUnitIds
        ? units.map((unit) => unit.shortName ?? unit.name).join(", ")
        : null;
      return sendProgramReport(ctx, program, label);
    }
    if (listWords.has(argument.toLowerCase()) && units.length > 0) {
      await ctx.reply(ctx.t("documents.choose_any_unit"), {
        reply_markup: unitKeyboard(units.slice(0, MAX_UNIT_BUTTONS)),
      });
      return;
    }
    const match = matchHostUnit(argument, units);
    if (match.kind === "one") {
      return sendProgramReport(ctx, { ...program, scopeUnitIds: [match.unit.id] }, match.unit.name);
    }
    if (match.kind === "many") {
      await ctx.reply(ctx.t("documents.choose_unit"), { reply_markup: unitKeyboard(match.units) });
      return;
    }
    const names = units.map((unit) => escapeHtml(unit.shortName ?? unit.name)).join(", ");
    await ctx.reply(ctx.t("status.unit_not_found", { query: escapeHtml(argument), units: names }), {
      parse_mode: "HTML",
    });
  });

  composer.callbackQuery(unitCallback, async (ctx) => {
    const unitId = expandId(ctx.match[1] ?? "");
    const program = await resolveReportProgram(ctx.deps.db, ctx.actor, ctx.deps.clock.now());
    const unit =
      program && unitId
        ? (await reportUnits(ctx.deps.db, program)).find((candidate) => candidate.id === unitId)
        : undefined;
    if (!program || !unit) {
      await ctx.answerCallbackQuery({ text: ctx.t("documents.stale_button"), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await sendProgramReport(ctx, { ...program, scopeUnitIds: [unit.id] }, unit.name);
  });

  composer.callbackQuery(/^documents:/, async (ctx) => {
    await ctx.answerCallbackQuery({ text: ctx.t("documents.stale_button"), show_alert: true });
  });

  return composer;
}

function unitKeyboard(units: readonly { id: string; name: string; shortName: string | null }[]) {
  const keyboard = new InlineKeyboard();
  for (const unit of units) {
    keyboard.text(unit.shortName ?? unit.name, `documents:unit:${compactId(unit.id)}`).row();
  }
  return keyboard;
}

async function sendDossier(ctx: BotContext, enrollmentId: string): Promise<void> {
  const now = ctx.deps.clock.now();
  const data = await loadDossierData(ctx.deps.db, enrollmentId, now);
  if (!data) {
    await ctx.reply(ctx.t("documents.stale_button"));
    return;
  }
  await ctx.replyWithChatAction("upload_document").catch(() => undefined);
  const started = Date.now();
  const pdf = await withinWorkerLimits(ctx, "documents", () =>
    buildDossierPdfInWorker(ctx.locale, data),
  );
  if (!pdf) return;
  ctx.logger.info({ enrollmentId, ms: Date.now() - started }, "documents.dossier_built");
  const stamp = data.generated.date;
  await ctx.replyWithDocument(
    new InputFile(pdf, `dosir-${data.person.nip ?? "peserta"}-${stamp}.pdf`),
    {
      caption: ctx.t("documents.dossier_caption", {
        name: data.person.fullName,
        program: data.program.name,
      }),
    },
  );
}

async function sendProgramReport(
  ctx: BotContext,
  program: StaffProgram,
  unitLabel: string | null,
): Promise<void> {
  const now = ctx.deps.clock.now();
  await ctx.replyWithChatAction("upload_document").catch(() => undefined);
  const started = Date.now();
  const data = await loadProgramReportData(ctx.deps.db, program, now, unitLabel);
  const pdf = await withinWorkerLimits(ctx, "documents", () =>
    buildProgramReportPdfInWorker(ctx.locale, data),
  );
  if (!pdf) return;
  ctx.logger.info(
    { programId: program.id, rows: data.rows.length, ms: Date.now() - started },
    "documents.program_report_built",
  );
  await ctx.replyWithDocument(new InputFile(pdf, `laporan-program-${data.generated.date}.pdf`), {
    caption: unitLabel
      ? ctx.t("documents.report_caption_unit", { program: program.name, unit: unitLabel })
      : ctx.t("documents.report_caption", { program: program.name }),
  });
}
