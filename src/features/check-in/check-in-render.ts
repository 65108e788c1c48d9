import { formatDateId, formatTimeWithZone, isoDateOf } from "../../domain/time.ts";
import type { CheckIn } from "../../generated/prisma/client.ts";
import type { Locale, Translate } from "../../i18n/i18n.ts";
import { escapeHtml } from "../../shared/html.ts";
import type { CheckInDay } from "./check-in-day.ts";

export function statusLabel(t: Translate, status: string): string {
  return t(`check_in.status.${status.toLowerCase()}`);
}

export interface ZoneInfo {
  timeZone: string;
  zone: string;
}

/** "Hadir pukul 07:15 WIB" plus the review state when there is one. */
export function renderExistingCheckIn(
  t: Translate,
  locale: Locale,
  checkIn: CheckIn,
  where: ZoneInfo,
): string {
  const lines = [
    t("check_in.already", {
      date: formatDateId(isoDateOf(checkIn.localDate), locale),
      status: statusLabel(t, checkIn.status),
      time: formatTimeWithZone(checkIn.recordedAt, where.timeZone, where.zone),
    }),
  ];
  if (checkIn.reason) lines.push(t("check_in.reason_line", { reason: escapeHtml(checkIn.reason) }));
  if (checkIn.review !== "NONE")
    lines.push(t(`check_in.review_state.${checkIn.review.toLowerCase()}`));
  return lines.join("\n");
}

/** Why a check-in cannot be made now. */
export function renderClosedDay(
  t: Translate,
  locale: Locale,
  day: Exclude<CheckInDay, { kind: "open" }>,
  window: { checkInOpensAt: string; checkInClosesAt: string; zone: string },
): string {
  switch (day.kind) {
    case "before_program":
      return t("check_in.before_program", { date: formatDateId(day.startDate, locale) });
    case "after_program":
      return t("check_in.after_program", { date: formatDateId(day.endDate, locale) });
    case "weekend":
      return t("check_in.weekend", { date: formatDateId(day.localDate, locale) });
    case "holiday":
      return t("check_in.holiday", {
        date: formatDateId(day.localDate, locale),
        name: escapeHtml(day.holidayName ?? t("check_in.holiday_unnamed")),
      });
    case "outside_window":
      return t(day.tooEarly ? "check_in.too_early" : "check_in.too_late", {
        opens: window.checkInOpensAt,
        closes: window.checkInClosesAt,
        zone: window.zone,
        now: day.localTime,
      });
  }
}
