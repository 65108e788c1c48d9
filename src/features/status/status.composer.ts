import { Composer, InlineKeyboard, InputFile } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import { matchHostUnit } from "../../domain/host-unit-match.ts";
import { localDate } from "../../domain/time.ts";
import { compactId, expandId } from "../../shared/compact-id.ts";
import { escapeHtml } from "../../shared/html.ts";
import { WorkerLimitError } from "../../workers/worker-pool.ts";
import {
  isCheckInClosed,
  programWorkingDays,
  resolveStaffProgram,
  type StaffProgram,
} from "../shared/staff-program.service.ts";
import {
  computeDailyStatus,
  computeUnitAttendance,
  hostUnitsInScope,
} from "./daily-status.service.ts";
import { renderParticipantCard } from "./participant-card.render.ts";
import { findParticipants, loadParticipantCard } from "./participant-card.service.ts";
import { anyStatusCallback, statusPerson, statusUnit } from "./status.callbacks.ts";
import { renderDailyStatus, renderUnitDrillDown } from "./status.render.ts";
import { renderDailyStatusChart } from "./status-chart.ts";

const MAX_ARGUMENT = 200;
const UNIT_MEMBER_LIMIT = 60;
const chartWords = new Set(["grafik", "chart", "diagram"]);

/** /status, /status <OPD>, /status grafik and /peserta: read-only views for staff. */
export function createStatusComposer(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command("status", async (ctx) => {
    const program = await programFor(ctx);
    if (!program) return;
    const argument = ctx.match.trim();
    if (argument.length > MAX_ARGUMENT) {
      await ctx.reply(ctx.t("status.argument_too_long"));
      return;
    }
    if (argument === "") return replyDailyStatus(ctx, program);
    if (chartWords.has(argument.toLowerCase())) return replyStatusChart(ctx, program);
    const units = await visibleUnits(ctx, program);
    const match = matchHostUnit(argument, units);
    if (match.kind === "one") return replyUnit(ctx, program, match.unit);
    if (match.kind === "many") {
      const keyboard = new InlineKeyboard();
      for (const unit of match.units) {
        keyboard
          .text(unit.shortName ?? unit.name, statusUnit.build({ unitId: compactId(unit.id) }))
          .row();
      }
      await ctx.reply(ctx.t("status.choose_unit"), { reply_markup: keyboard });
      return;
    }
    const names = units.map((unit) => escapeHtml(unit.shortName ?? unit.name)).join(", ");
    await ctx.reply(ctx.t("status.unit_not_found", { query: escapeHtml(argument), units: names }), {
      parse_mode: "HTML",
    });
  });

  composer.command("peserta", async (ctx) => {
    const program = await programFor(ctx);
    if (!program) return;
    const query = ctx.match.trim();
    if (query === "") {
      await ctx.reply(ctx.t("status.person_usage"));
      return;
    }
    if (query.length > MAX_ARGUMENT) {
      await ctx.reply(ctx.t("status.argument_too_long"));
      return;
    }
    const hits = await findParticipants(ctx.deps.db, program, query);
    if (hits.length === 0) {
      await ctx.reply(ctx.t("status.person_not_found", { query: escapeHtml(query) }), {
        parse_mode: "HTML",
      });
      return;
    }
    const [only] = hits;
    if (hits.length === 1 && only) return replyParticipant(ctx, program, only.enrollmentId);
    const keyboard = new InlineKeyboard();
    for (const hit of hits) {
      keyboard
        .text(hit.fullName, statusPerson.build({ enrollmentId: compactId(hit.enrollmentId) }))
        .row();
    }
    await ctx.reply(ctx.t("status.choose_person", { count: hits.length }), {
      reply_markup: keyboard,
    });
  });

  composer.callbackQuery(statusUnit.filter, async (ctx) => {
    const unitId = expandId(statusUnit.values(ctx.match).unitId);
    const program = await programFor(ctx, { silent: true });
    const unit =
      program && unitId
        ? (await visibleUnits(ctx, program)).find((u) => u.id === unitId)
        : undefined;
    if (!program || !unit) {
      await ctx.answerCallbackQuery({ text: ctx.t("status.stale_button"), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await replyUnit(ctx, program, unit);
  });

  composer.callbackQuery(statusPerson.filter, async (ctx) => {
    const enrollmentId = expandId(statusPerson.values(ctx.match).enrollmentId);
    const program = await programFor(ctx, { silent: true });
    if (!program || !enrollmentId) {
      await ctx.answerCallbackQuery({ text: ctx.t("status.stale_button"), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await replyParticipant(ctx, program, enrollmentId);
  });

  composer.callbackQuery(anyStatusCallback, async (ctx) => {
    await ctx.answerCallbackQuery({ text: ctx.t("status.stale_button"), show_alert: true });
  });

  return composer;
}

/** The program the actor may view, or a polite refusal (unless silent, for buttons). */
async function programFor(
  ctx: BotContext,
  options: { silent?: boolean } = {},
): Promise<StaffProgram | undefined> {
  const program = await resolveStaffProgram(ctx.deps.db, ctx.actor, "view", ctx.deps.clock.now());
  if (!program && !options.silent) await ctx.reply(ctx.t("status.not_allowed"));
  return program;
}

async function visibleUnits(ctx: BotContext, program: StaffProgram) {
  return hostUnitsInScope(ctx.deps.db, program);
}

async function replyDailyStatus(ctx: BotContext, program: StaffProgram): Promise<void> {
  const now = ctx.deps.clock.now();
  const today = localDate(now, program.timeZone);
  const [status, workingDays, units] = await Promise.all([
    computeDailyStatus(ctx.deps.db, program, today, now),
    programWorkingDays(ctx.deps.db, program),
    program.scopeUnitIds ? visibleUnits(ctx, program) : Promise.resolve([]),
  ]);
  const scopeLabel = units.map((unit) => unit.shortName ?? unit.name).join(", ");
  await ctx.reply(
    renderDailyStatus(ctx.t, {
      program,
      status,
      isWorkingDay: workingDays.includes(today),
      now,
      locale: ctx.locale,
      ...(scopeLabel ? { scopeLabel } : {}),
    }),
    { parse_mode: "HTML" },
  );
  ctx.logger.info({ programId: program.id, expected: status.totals.expected }, "status.shown");
}

async function replyStatusChart(ctx: BotContext, program: StaffProgram): Promise<void> {
  const now = ctx.deps.clock.now();
  const today = localDate(now, program.timeZone);
  const status = await computeDailyStatus(ctx.deps.db, program, today, now, { missingLimit: 0 });
  const png = await renderDailyStatusChart(ctx.t, ctx.locale, program, status, now).catch(
    (error: unknown) => {
      if (!(error instanceof WorkerLimitError)) throw error;
      ctx.logger.warn({ limit: error.limit, max: error.max }, "status.chart_limit_reached");
      return undefined;
    },
  );
  if (!png) {
    await ctx.reply(ctx.t("status.chart_unavailable"));
    return;
  }
  await ctx.replyWithPhoto(new InputFile(png, `status-${today}.png`), {
    caption: ctx.t("status.chart_caption", { program: program.name }),
  });
}

async function replyUnit(
  ctx: BotContext,
  program: StaffProgram,
  unit: { id: string; name: string; shortName: string | null; mentorName: string | null },
): Promise<void> {
  const now = ctx.deps.clock.now();
  const today = localDate(now, program.timeZone);
  const drill = await computeUnitAttendance(
    ctx.deps.db,
    program,
    { id: unit.id, label: unit.shortName ?? unit.name },
    today,
    UNIT_MEMBER_LIMIT,
  );
  await ctx.reply(
    renderUnitDrillDown(
      ctx.t,
      program,
      today,
      ctx.locale,
      drill,
      isCheckInClosed(program, today, now),
      unit.mentorName,
    ),
    { parse_mode: "HTML" },
  );
}

async function replyParticipant(
  ctx: BotContext,
  program: StaffProgram,
  enrollmentId: string,
): Promise<void> {
  const now = ctx.deps.clock.now();
  const card = await loadParticipantCard(
    ctx.deps.db,
    program,
    enrollmentId,
    localDate(now, program.timeZone),
    now,
  );
  if (!card) {
    await ctx.reply(ctx.t("status.person_gone"));
    return;
  }
  await ctx.reply(renderParticipantCard(ctx.t, program, card), { parse_mode: "HTML" });
}
