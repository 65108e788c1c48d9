import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import { formatDateId, formatTimeWithZone, isoDateOf } from "../../domain/time.ts";
import { isLocale, translatorFor } from "../../i18n/i18n.ts";
import { canReviewCheckIns } from "../access/access.ts";
import { requirePlacement } from "../shared/participant-placement.ts";
import { checkInAbsence, checkInReview, checkInStart } from "./check-in.callbacks.ts";
import { CHECKIN_FLOW, type CheckInFlowData, MAX_REASON_LENGTH } from "./check-in.flow.ts";
import { absenceKeyboard, locationKeyboard } from "./check-in.keyboards.ts";
import {
  type AbsenceStatus,
  checkInReadiness,
  decideReview,
  loadCheckInForReview,
  MAX_CHECKIN_ATTEMPTS_PER_DAY,
} from "./check-in.service.ts";
import { renderClosedDay, renderExistingCheckIn, statusLabel } from "./check-in-render.ts";

const absenceByCallback: Record<string, AbsenceStatus> = {
  izin: "IZIN",
  sakit: "SAKIT",
  dinas_luar: "DINAS_LUAR",
};

/** /hadir and its button, the izin/sakit/DL buttons, live-location edits and mentor reviews. */
export function createCheckInComposer(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command("hadir", (ctx) => beginCheckIn(ctx));

  composer.callbackQuery(checkInStart.filter, async (ctx) => {
    await ctx.answerCallbackQuery();
    await beginCheckIn(ctx);
  });

  composer.callbackQuery(checkInAbsence.filter, async (ctx) => {
    await ctx.answerCallbackQuery();
    const status = absenceByCallback[checkInAbsence.values(ctx.match).kind];
    if (!status) return;
    const placement = await requirePlacement(ctx);
    if (!placement) return;
    const readiness = await checkInReadiness(ctx.deps.db, placement, ctx.deps.clock.now());
    if (readiness.kind !== "open") {
      await replyCannotCheckIn(ctx, placement, readiness);
      return;
    }
    await ctx.flow.start<CheckInFlowData>(CHECKIN_FLOW, "reason", { status });
    await ctx.reply(
      ctx.t("check_in.ask_reason", { status: statusLabel(ctx.t, status), max: MAX_REASON_LENGTH }),
      { parse_mode: "HTML", reply_markup: { remove_keyboard: true } },
    );
  });

  // Live locations update by editing the message; only the first edit gets an explanation.
  composer.on("edited_message:location", async (ctx) => {
    const state = await ctx.flow.current();
    const data = state?.data as CheckInFlowData | undefined;
    if (state?.flow !== CHECKIN_FLOW || state.step !== "location" || data?.liveWarned) return;
    await ctx.flow.goto<Partial<CheckInFlowData>>("location", { liveWarned: true });
    await ctx.reply(ctx.t("check_in.location_live"), { reply_markup: locationKeyboard(ctx.t) });
  });

  composer.callbackQuery(checkInReview.filter, async (ctx) => {
    const { checkInId, decision: answer } = checkInReview.values(ctx.match);
    const checkIn = await loadCheckInForReview(ctx.deps.db, checkInId);
    if (!checkIn) {
      await ctx.answerCallbackQuery({ text: ctx.t("check_in.review_not_found"), show_alert: true });
      return;
    }
    if (!canReviewCheckIns(ctx.actor, checkIn.programId, checkIn.hostUnitId)) {
      ctx.logger.warn({ checkIn: checkInId }, "checkin.review_denied");
      await ctx.answerCallbackQuery({ text: ctx.t("check_in.review_denied"), show_alert: true });
      return;
    }
    const decision = answer === "ok" ? "CONFIRMED" : "REJECTED";
    const now = ctx.deps.clock.now();
    const outcome = await decideReview(
      ctx.deps.db,
      checkInId,
      decision,
      ctx.actor?.personId ?? null,
      now,
    );
    await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
    if (outcome.kind !== "decided") {
      await ctx.answerCallbackQuery({ text: ctx.t("check_in.review_already"), show_alert: true });
      return;
    }
    ctx.logger.info({ checkIn: checkInId, decision }, "checkin.reviewed");
    await ctx.answerCallbackQuery({ text: ctx.t("check_in.review_saved") });
    const { program } = outcome.checkIn.enrollment;
    const date = isoDateOf(outcome.checkIn.localDate);
    await ctx.reply(
      ctx.t(
        decision === "CONFIRMED"
          ? "check_in.review_done_confirmed"
          : "check_in.review_done_rejected",
        {
          date: formatDateId(date, ctx.locale),
          time: formatTimeWithZone(now, program.hostProvince.timeZone, program.hostProvince.zone),
        },
      ),
    );
    const account = outcome.checkIn.enrollment.person.account;
    if (!account) return;
    const locale = isLocale(account.locale) ? account.locale : ctx.deps.config.defaultLocale;
    const t = translatorFor(ctx.deps.i18n, locale);
    await ctx.api
      .sendMessage(
        Number(account.telegramUserId),
        t(
          decision === "CONFIRMED"
            ? "check_in.participant_confirmed"
            : "check_in.participant_rejected",
          { date: formatDateId(date, locale) },
        ) +
          (decision === "REJECTED"
            ? `\n\n${t("check_in.participant_rejected_retry", { max: MAX_CHECKIN_ATTEMPTS_PER_DAY })}`
            : ""),
      )
      .catch((error) => ctx.logger.warn({ err: error }, "checkin.participant_unreachable"));
  });

  return composer;
}

/** /hadir or the reminder's button: the location prompt, or why there is nothing to do. */
async function beginCheckIn(ctx: BotContext): Promise<void> {
  const placement = await requirePlacement(ctx);
  if (!placement) return;
  const readiness = await checkInReadiness(ctx.deps.db, placement, ctx.deps.clock.now());
  if (readiness.kind !== "open") {
    await replyCannotCheckIn(ctx, placement, readiness);
    return;
  }
  await ctx.flow.start<CheckInFlowData>(CHECKIN_FLOW, "location", {});
  const prompt = ctx.t("check_in.prompt", {
    date: formatDateId(readiness.localDate, ctx.locale),
    start: placement.program.startOfDayAt,
    zone: placement.zone,
  });
  const retry = readiness.retryOf
    ? ctx.t("check_in.retry_hint", {
        attempt: readiness.retryOf.attempts + 1,
        max: MAX_CHECKIN_ATTEMPTS_PER_DAY,
      })
    : undefined;
  await ctx.reply(retry ? `${retry}\n\n${prompt}` : prompt, {
    parse_mode: "HTML",
    reply_markup: absenceKeyboard(ctx.t),
  });
  await ctx.reply(ctx.t("check_in.location_hint"), { reply_markup: locationKeyboard(ctx.t) });
}

async function replyCannotCheckIn(
  ctx: BotContext,
  placement: Parameters<typeof renderExistingCheckIn>[3] & {
    program: { checkInOpensAt: string; checkInClosesAt: string };
  },
  readiness: Exclude<Awaited<ReturnType<typeof checkInReadiness>>, { kind: "open" }>,
): Promise<void> {
  const text =
    readiness.kind === "already"
      ? [
          renderExistingCheckIn(ctx.t, ctx.locale, readiness.checkIn, placement),
          ...((readiness.checkIn.review === "PENDING" || readiness.checkIn.review === "REJECTED") &&
          readiness.checkIn.attempts >= MAX_CHECKIN_ATTEMPTS_PER_DAY
            ? [ctx.t("check_in.retry_exhausted", { max: MAX_CHECKIN_ATTEMPTS_PER_DAY })]
            : []),
        ].join("\n")
      : renderClosedDay(ctx.t, ctx.locale, readiness, {
          checkInOpensAt: placement.program.checkInOpensAt,
          checkInClosesAt: placement.program.checkInClosesAt,
          zone: placement.zone,
        });
  await ctx.reply(text, { parse_mode: "HTML" });
}
