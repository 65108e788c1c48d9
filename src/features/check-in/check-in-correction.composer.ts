import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import { normaliseNipInput } from "../../domain/nip.ts";
import { earlierDate } from "../../domain/program-calendar.ts";
import { formatDateId, localDate } from "../../domain/time.ts";
import { isLocale, translatorFor } from "../../i18n/i18n.ts";
import { parseDateInput } from "../../imports/cells.ts";
import { escapeHtml } from "../../shared/html.ts";
import { canReviewCheckIns } from "../access/access.ts";
import { resolveStaffProgram } from "../shared/staff-program.service.ts";
import {
  CORRECTION_CODES,
  correctCheckIn,
  findCorrectedParticipantAccount,
  findCorrectionSubject,
  MAX_CORRECTION_REASON,
} from "./check-in-correction.service.ts";
import { statusLabel } from "./check-in-render.ts";

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
  const rest = tokens.slice(date ? 2 : 1);
  const code = (rest[0] ?? "").toUpperCase();
  const reason = rest.slice(1).join(" ").trim();
  if (!/^\d{18}$/.test(nip) || !(code in CORRECTION_CODES) || reason.length === 0) return undefined;
  return { nip, day: date, code, reason };
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
    const status = CORRECTION_CODES[parsed.code] ?? "ALPA";
    const { previous } = await correctCheckIn(ctx.deps.db, {
      programId: program.id,
      enrollment,
      day,
      status,
      reason: parsed.reason,
      actorPersonId: ctx.actor?.personId ?? null,
      now,
    });
    ctx.logger.info({ enrollmentId: enrollment.id, status }, "checkin.corrected");
    await ctx.reply(
      ctx.t("check_in.corrected", {
        name: escapeHtml(enrollment.person.fullName),
        date: formatDateId(day, ctx.locale),
        from: statusLabel(ctx.t, previous),
        to: statusLabel(ctx.t, status),
      }),
      { parse_mode: "HTML" },
    );
    const participant = await findCorrectedParticipantAccount(ctx.deps.db, enrollment.id);
    if (!participant) return;
    const locale = isLocale(participant.locale)
      ? participant.locale
      : ctx.deps.config.defaultLocale;
    const t = translatorFor(ctx.deps.i18n, locale);
    await ctx.api
      .sendMessage(
        Number(participant.telegramUserId),
        t("check_in.corrected_participant", {
          date: formatDateId(day, locale),
          status: statusLabel(t, status),
          reason: escapeHtml(parsed.reason),
        }),
        { parse_mode: "HTML" },
      )
      .catch((error) => ctx.logger.warn({ err: error }, "checkin.participant_unreachable"));
  });
  return composer;
}
