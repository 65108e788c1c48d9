import type { Api } from "grammy";
import type { AppDeps } from "../../bot/deps.ts";
import type { DbOrTx } from "../../db/client.ts";
import {
  findEnrollmentForPlacementNotice,
  markPlacementNotified,
} from "../../db/repositories/enrollments.repository.ts";
import { formatDateId } from "../../domain/time.ts";
import type { HostUnit, ScheduleItem } from "../../generated/prisma/client.ts";
import { isLocale, type Locale, type Translate, translatorFor } from "../../i18n/i18n.ts";
import { escapeHtml } from "../../shared/html.ts";
import { isoDateOf, loadProgramCalendar } from "../schedule/program-calendar.ts";
import { loadAgendaOn } from "../schedule/schedule.service.ts";
import { renderScheduleItems } from "../schedule/schedule-render.ts";

export interface PlacementView {
  programName: string;
  hostUnit: Pick<
    HostUnit,
    "name" | "shortName" | "address" | "mentorName" | "mentorPhone" | "mentorUsername"
  >;
  startDate: string;
  endDate: string;
  firstWorkingDay: string;
  firstDayItems: ScheduleItem[];
  zone: string;
  checkInOpensAt: string;
  checkInClosesAt: string;
  startOfDayAt: string;
}

/** The placement message (HTML): host agency, address, mentor, dates and the first day's agenda. */
export function renderPlacementMessage(t: Translate, locale: Locale, view: PlacementView): string {
  const unit = view.hostUnit;
  const mentorContact = [unit.mentorPhone, unit.mentorUsername ? `@${unit.mentorUsername}` : null]
    .filter((part): part is string => Boolean(part))
    .map(escapeHtml)
    .join(", ");
  const lines = [
    t("placement_info.title"),
    "",
    t("placement_info.program", { name: escapeHtml(view.programName) }),
    t("placement_info.host_unit", { name: escapeHtml(unit.name) }),
    t("placement_info.address", {
      address: escapeHtml(unit.address ?? t("placement_info.address_unknown")),
    }),
    unit.mentorName
      ? t("placement_info.mentor", {
          name: escapeHtml(unit.mentorName),
          contact: mentorContact || t("placement_info.mentor_no_contact"),
        })
      : t("placement_info.mentor_unknown"),
    t("placement_info.dates", {
      start: formatDateId(view.startDate, locale),
      end: formatDateId(view.endDate, locale),
    }),
    t("placement_info.hours", {
      opens: view.checkInOpensAt,
      closes: view.checkInClosesAt,
      start: view.startOfDayAt,
      zone: view.zone,
    }),
    "",
    t("placement_info.first_day", { date: formatDateId(view.firstWorkingDay, locale) }),
    ...renderScheduleItems(t, view.firstDayItems, view.zone, "placement_info.first_day_empty"),
    "",
    t("placement_info.next_steps"),
  ];
  return lines.join("\n");
}

/** Loads what the placement message shows; undefined when the enrollment is not placed. */
export async function loadPlacementView(db: DbOrTx, enrollmentId: string) {
  const enrollment = await findEnrollmentForPlacementNotice(db, enrollmentId);
  if (!enrollment?.hostUnit) return undefined;
  const { program, hostUnit } = enrollment;
  const calendar = await loadProgramCalendar(db, program);
  const firstWorkingDay =
    calendar.workingDays(calendar.startDate, calendar.endDate)[0] ?? calendar.startDate;
  const view: PlacementView = {
    programName: program.name,
    hostUnit,
    startDate: isoDateOf(program.startDate),
    endDate: isoDateOf(program.endDate),
    firstWorkingDay,
    firstDayItems: await loadAgendaOn(db, program.id, hostUnit.id, firstWorkingDay),
    zone: program.hostProvince.zone,
    checkInOpensAt: program.checkInOpensAt,
    checkInClosesAt: program.checkInClosesAt,
    startOfDayAt: program.startOfDayAt,
  };
  return { enrollment, hostUnit, view };
}

/** Sends the placement message and the office's map pin to a chat. */
export async function sendPlacementMessage(
  api: Api,
  chatId: number,
  t: Translate,
  locale: Locale,
  loaded: NonNullable<Awaited<ReturnType<typeof loadPlacementView>>>,
): Promise<void> {
  await api.sendMessage(chatId, renderPlacementMessage(t, locale, loaded.view), {
    parse_mode: "HTML",
  });
  const { hostUnit } = loaded;
  if (hostUnit.latitude !== null && hostUnit.longitude !== null) {
    await api.sendVenue(
      chatId,
      hostUnit.latitude,
      hostUnit.longitude,
      hostUnit.shortName ?? hostUnit.name,
      hostUnit.address ?? hostUnit.name,
    );
  }
}

export type PlacementNoticeResult =
  | { sent: true }
  | { sent: false; reason: "not_found" | "not_placed" | "no_telegram_account" };

/**
 * Tells a participant where they were placed: host agency, address, map pin, mentor, dates and
 * the first day's agenda, in the participant's language; then sets placementNotifiedAt.
 * Called by the coordinators' placement feature right after placing someone. Telegram errors
 * (a blocked bot, for instance) propagate so the caller can decide to retry or report.
 */
export async function sendPlacementNotice(
  api: Api,
  deps: Pick<AppDeps, "db" | "i18n" | "clock" | "config">,
  enrollmentId: string,
): Promise<PlacementNoticeResult> {
  const loaded = await loadPlacementView(deps.db, enrollmentId);
  if (!loaded) {
    const exists = await findEnrollmentForPlacementNotice(deps.db, enrollmentId);
    return { sent: false, reason: exists ? "not_placed" : "not_found" };
  }
  const account = loaded.enrollment.person.account;
  if (!account) return { sent: false, reason: "no_telegram_account" };
  const locale = isLocale(account.locale) ? account.locale : deps.config.defaultLocale;
  await sendPlacementMessage(
    api,
    Number(account.telegramUserId),
    translatorFor(deps.i18n, locale),
    locale,
    loaded,
  );
  await markPlacementNotified(deps.db, enrollmentId, deps.clock.now());
  return { sent: true };
}
