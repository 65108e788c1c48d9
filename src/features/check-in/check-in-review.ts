import { type Api, InlineKeyboard } from "grammy";
import type { AppDeps } from "../../bot/deps.ts";
import {
  findCheckInForReview,
  findCheckInReviewerChats,
} from "../../db/repositories/check-ins.repository.ts";
import { formatDateId, formatTimeWithZone, isoDateOf } from "../../domain/time.ts";
import type { CheckIn } from "../../generated/prisma/client.ts";
import { isLocale, translatorFor } from "../../i18n/i18n.ts";
import type { Logger } from "../../logger.ts";
import { escapeHtml } from "../../shared/html.ts";
import type { ParticipantPlacement } from "../shared/participant-placement.ts";
import { checkInCorrection, checkInReview } from "./check-in.callbacks.ts";
import { formatDistance } from "./check-in-day.ts";
import { statusLabel } from "./check-in-render.ts";

/**
 * Asks the host unit's mentors and the program's coordinators to confirm or reject a check-in
 * made outside the geofence, each in their own language. One unreachable reviewer does not
 * keep the others from being asked.
 */
export async function askReviewers(
  api: Api,
  deps: Pick<AppDeps, "db" | "i18n" | "config">,
  logger: Logger,
  placement: ParticipantPlacement,
  checkIn: CheckIn,
): Promise<number> {
  const full = await findCheckInForReview(deps.db, checkIn.id);
  const participantName = full?.enrollment.person.fullName ?? "";
  const reviewers = await findCheckInReviewerChats(
    deps.db,
    placement.program.id,
    placement.hostUnit.id,
  );
  let asked = 0;
  for (const reviewer of reviewers) {
    const locale = isLocale(reviewer.locale) ? reviewer.locale : deps.config.defaultLocale;
    const t = translatorFor(deps.i18n, locale);
    const text = t("check_in.review_request", {
      name: escapeHtml(participantName),
      unit: escapeHtml(placement.hostUnit.shortName ?? placement.hostUnit.name),
      date: formatDateId(isoDateOf(checkIn.localDate), locale),
      time: formatTimeWithZone(checkIn.recordedAt, placement.timeZone, placement.zone),
      status: statusLabel(t, checkIn.status),
      distance:
        checkIn.distanceM === null
          ? t("check_in.distance_unknown")
          : formatDistance(checkIn.distanceM, locale),
      radius: placement.hostUnit.geofenceRadiusM,
      accuracy:
        checkIn.accuracyM === null
          ? t("check_in.accuracy_unknown")
          : `±${Math.round(checkIn.accuracyM)} m`,
      link: `https://maps.google.com/?q=${checkIn.latitude},${checkIn.longitude}`,
    });
    const keyboard = new InlineKeyboard()
      .text(
        t("check_in.button_confirm"),
        checkInReview.build({ checkInId: checkIn.id, decision: "ok" }),
      )
      .text(
        t("check_in.button_reject"),
        checkInReview.build({ checkInId: checkIn.id, decision: "no" }),
      )
      .row()
      .text(t("check_in.button_correct"), checkInCorrection.build({ checkInId: checkIn.id }));
    try {
      await api.sendMessage(Number(reviewer.telegramUserId), text, {
        parse_mode: "HTML",
        reply_markup: keyboard,
        link_preview_options: { is_disabled: true },
      });
      asked++;
    } catch (error) {
      logger.warn({ err: error, reviewer: reviewer.personId }, "checkin.reviewer_unreachable");
    }
  }
  return asked;
}
