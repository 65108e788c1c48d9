import type { Api } from "grammy";
import type { AppDeps } from "../../bot/deps.ts";
import type { DbOrTx } from "../../db/client.ts";
import {
  findEnrollmentForPlacementNotice,
  markPlacementNotified,
} from "../../db/repositories/enrollments.repository.ts";
import { formatDateId, isoDateOf, localDate } from "../../domain/time.ts";
import type { HostUnit, ScheduleItem } from "../../generated/prisma/client.ts";
import { isLocale, type Locale, type Translate, translatorFor } from "../../i18n/i18n.ts";
import { escapeHtml } from "../../shared/html.ts";
import { loadAgendaOn } from "../schedule/schedule.service.ts";
import { renderScheduleItems } from "../schedule/schedule-render.ts";
import { loadProgramCalendar } from "../shared/program-calendar.ts";

export interface PlacementView {
  programName: string;
  hostUnit: Pick<
    HostUnit,
    "name" | "shortName" | "address" | "mentorName" | "mentorPhone" | "mentorUsername"
  >;
  startDate: string;
  endDate: string;
  /** The day whose agenda the notice shows, and why that one (see agendaDayOf). */
  agendaDay: string;
  agendaKind: AgendaDayKind;
  agendaItems: ScheduleItem[];
  zone: string;
  checkInOpensAt: string;
  checkInClosesAt: string;
  startOfDayAt: string;
}

/** The placement message (HTML): host agency, address, mentor, dates and the current day's agenda. */
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
    t(agendaTitleKey[view.agendaKind], { date: formatDateId(view.agendaDay, locale) }),
    ...renderScheduleItems(
      t,
      view.agendaItems,
      view.zone,
      view.agendaKind === "first"
        ? "placement_info.first_day_empty"
        : "placement_info.agenda_empty",
    ),
    "",
    t("placement_info.next_steps"),
  ];
  return lines.join("\n");
}

export type AgendaDayKind = "first" | "today" | "next";

const agendaTitleKey: Record<AgendaDayKind, string> = {
  first: "placement_info.first_day",
  today: "placement_info.agenda_today",
  next: "placement_info.agenda_next",
};

/**
 * The day a notice's agenda is about: today when it is a working day of the program, else the
 * next working day; the first working day before the program starts (then labelled so), and
 * the last one once it has ended.
 */
export function agendaDayOf(
  workingDays: readonly string[],
  today: string,
): { day: string; kind: AgendaDayKind } | undefined {
  const first = workingDays[0];
  if (first === undefined) return undefined;
  const day = workingDays.find((candidate) => candidate >= today) ?? workingDays.at(-1) ?? first;
  if (day === first) return { day, kind: "first" };
  return { day, kind: day === today ? "today" : "next" };
}

/** Loads what the placement message shows; undefined when the enrollment is not placed. */
export async function loadPlacementView(db: DbOrTx, enrollmentId: string, now: Date) {
  const enrollment = await findEnrollmentForPlacementNotice(db, enrollmentId);
  if (!enrollment?.hostUnit) return undefined;
  const { program, hostUnit } = enrollment;
  const calendar = await loadProgramCalendar(db, program);
  const agenda = agendaDayOf(
    calendar.workingDays(calendar.startDate, calendar.endDate),
    localDate(now, program.hostProvince.timeZone),
  ) ?? { day: calendar.startDate, kind: "first" as const };
  const view: PlacementView = {
    programName: program.name,
    hostUnit,
    startDate: isoDateOf(program.startDate),
    endDate: isoDateOf(program.endDate),
    agendaDay: agenda.day,
    agendaKind: agenda.kind,
    agendaItems: await loadAgendaOn(db, program.id, hostUnit.id, agenda.day),
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
 * the current day's agenda (agendaDayOf), in the participant's language; then sets placementNotifiedAt.
 * Called by the coordinators' placement feature right after placing someone. Telegram errors
 * (a blocked bot, for instance) propagate so the caller can decide to retry or report.
 */
export async function sendPlacementNotice(
  api: Api,
  deps: Pick<AppDeps, "db" | "i18n" | "clock" | "config">,
  enrollmentId: string,
): Promise<PlacementNoticeResult> {
  const loaded = await loadPlacementView(deps.db, enrollmentId, deps.clock.now());
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
