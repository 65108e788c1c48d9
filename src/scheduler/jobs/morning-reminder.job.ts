import { InlineKeyboard } from "grammy";
import {
  findAgendaOn,
  findParticipantRecipients,
} from "../../db/repositories/recipients.repository.ts";
import { dateColumn, formatDateId } from "../../domain/time.ts";
import { CHECKIN_START_CALLBACK } from "../../features/check-in/check-in.callbacks.ts";
import { escapeHtml } from "../../shared/html.ts";
import { type JobBuilder, messageEachParticipant, programTime } from "./job-context.ts";

/**
 * Good morning to every placed participant not checked in yet that day (a catch-up run after
 * a missed tick comes late): the date, the host agency, the day's agenda (for everyone and for
 * their unit) and a button that starts the check-in.
 */
export const buildMorningReminders: JobBuilder = async (ctx) => {
  const date = dateColumn(ctx.slot.localDate);
  const participants = await findParticipantRecipients(ctx.db, ctx.program.id, {
    placedOnly: true,
    reachableOnly: true,
    withoutCheckInOn: date,
  });
  const agenda = await findAgendaOn(ctx.db, ctx.program.id, date);
  const opens = programTime(ctx, ctx.program.checkInOpensAt);
  const closes = programTime(ctx, ctx.program.checkInClosesAt);
  return messageEachParticipant(ctx, participants, (enrollment, { t, locale }) => {
    const items = agenda.filter(
      (item) => item.hostUnitId === null || item.hostUnitId === enrollment.hostUnitId,
    );
    const agendaLines = items.length
      ? items.map((item) =>
          t("scheduler.agenda_item", {
            time: escapeHtml(item.endTime ? `${item.startTime}–${item.endTime}` : item.startTime),
            title: escapeHtml(item.title),
            place: item.place ? t("scheduler.agenda_place", { place: escapeHtml(item.place) }) : "",
          }),
        )
      : [t("scheduler.agenda_empty")];
    const unit = enrollment.hostUnit;
    const text = t("scheduler.morning_text", {
      name: escapeHtml(enrollment.person.fullName),
      date: formatDateId(ctx.slot.localDate, locale),
      agency: escapeHtml(unit?.name ?? ""),
      address: unit?.address
        ? t("scheduler.address_line", { address: escapeHtml(unit.address) })
        : "",
      agenda: agendaLines.join("\n"),
      opens,
      closes,
    });
    const keyboard = new InlineKeyboard().text(
      t("scheduler.morning_button"),
      CHECKIN_START_CALLBACK,
    );
    return { text, reply_markup: keyboard };
  });
};
