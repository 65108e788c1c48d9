import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import { normaliseNipInput } from "../../domain/nip.ts";
import { earlierDate } from "../../domain/program-calendar.ts";
import { formatDateId, isoDateOf, localDate } from "../../domain/time.ts";
import { parseDateInput } from "../../imports/cells.ts";
import { escapeHtml } from "../../shared/html.ts";
import { canReviewCheckIns } from "../access/access.ts";
import { resolveStaffProgram } from "../shared/staff-program.service.ts";
import { checkInCorrection } from "./check-in.callbacks.ts";
import { loadCheckInForReview } from "./check-in.service.ts";
import {
  CORRECTION_FLOW,
  type CorrectionFlowData,
  parseCodeAndReason,
} from "./check-in-correction.flow.ts";
import { applyCorrection } from "./check-in-correction.reply.ts";
import {
  CORRECTION_CODES,
  findCorrectionSubject,
  MAX_CORRECTION_REASON,
} from "./check-in-correction.service.ts";

interface ParsedCorrection {
  nip: string;
  day: string | undefined;
  code: string;
  reason: string;
}

/** "<NIP> [date] <code> <reason>"; the date defaults to today. */
export function parseCorrection(argument: string): ParsedCorrection | undefined {
  const tokens = argument.trim().split(/\s+/);
  const nip = normaliseNipInput(tokens[0] ?? "");
  const date = parseDateInput(tokens[1] ?? "");
  const tail = parseCodeAndReason(tokens.slice(date ? 2 : 1).join(" "));
  if (!/^\d{18}$/.test(nip) || !tail) return undefined;
  return { nip, day: date, ...tail };
}

/**
 * /koreksi: a mentor or coordinator sets a participant's status for a day, with a reason.
 * Only staff who may review that participant's check-ins (canReviewCheckIns) may; private chats
 * only, as the answer names the participant. Audited; the participant is told.
 */
export function createCheckInCorrectionComposer(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command("koreksi", async (ctx) => {
    // The group guard already keeps it out of groups; kept here should /koreksi ever be allowed there.
    if (ctx.chat.type !== "private") {
      await ctx.reply(ctx.t("check_in.correct_private_only"));
      return;
    }
    const now = ctx.deps.clock.now();
    const program = await resolveStaffProgram(ctx.deps.db, ctx.actor, "view", now);
    if (!program) {
      await ctx.reply(ctx.t("access.denied"));
      return;
    }
    const parsed = parseCorrection(ctx.match);
    if (!parsed || parsed.reason.length > MAX_CORRECTION_REASON) {
      await ctx.reply(ctx.t("check_in.correct_usage", { max: MAX_CORRECTION_REASON }), {
        parse_mode: "HTML",
      });
      return;
    }
    const today = localDate(now, program.timeZone);
    const day = parsed.day ?? today;
    if (day < program.startDate || day > program.endDate || day > today) {
      await ctx.reply(
        ctx.t("check_in.correct_bad_day", {
          start: formatDateId(program.startDate, ctx.locale),
          end: formatDateId(earlierDate(program.endDate, today), ctx.locale),
        }),
      );
      return;
    }
    const enrollment = await findCorrectionSubject(ctx.deps.db, program.id, parsed.nip);
    if (!enrollment) {
      await ctx.reply(ctx.t("check_in.correct_not_found"));
      return;
    }
    if (!canReviewCheckIns(ctx.actor, program.id, enrollment.hostUnitId)) {
      ctx.logger.warn({ enrollmentId: enrollment.id }, "checkin.correction_denied");
      await ctx.reply(ctx.t("check_in.review_denied"));
      return;
    }
    await applyCorrection(ctx, {
      programId: program.id,
      enrollment,
      day,
      status: CORRECTION_CODES[parsed.code] ?? "ALPA",
      reason: parsed.reason,
    });
  });

  // The "✏️ Koreksi" button of a review request: the same correction for that participant and
  // day, once the reviewer's rights are checked again (they may have changed since it was sent).
  composer.callbackQuery(checkInCorrection.filter, async (ctx) => {
    const checkIn = await loadCheckInForReview(
      ctx.deps.db,
      checkInCorrection.values(ctx.match).checkInId,
    );
    if (!checkIn) {
      await ctx.answerCallbackQuery({ text: ctx.t("check_in.review_not_found"), show_alert: true });
      return;
    }
    const { enrollment } = checkIn;
    if (!canReviewCheckIns(ctx.actor, enrollment.programId, enrollment.hostUnitId)) {
      ctx.logger.warn({ checkIn: checkIn.id }, "checkin.correction_denied");
      await ctx.answerCallbackQuery({ text: ctx.t("check_in.review_denied"), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    const day = isoDateOf(checkIn.localDate);
    await ctx.flow.start<CorrectionFlowData>(CORRECTION_FLOW, "reason", {
      programId: enrollment.programId,
      enrollmentId: enrollment.id,
      day,
    });
    await ctx.reply(
      ctx.t("check_in.correct_ask", {
        name: escapeHtml(enrollment.person.fullName),
        date: formatDateId(day, ctx.locale),
        max: MAX_CORRECTION_REASON,
      }),
      { parse_mode: "HTML" },
    );
  });
  return composer;
}
