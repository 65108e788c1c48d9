import { findParticipantRecipients } from "../../db/repositories/recipients.repository.ts";
import { dateColumn, formatDateId } from "../../domain/time.ts";
import { escapeHtml } from "../../shared/html.ts";
import { type JobBuilder, messageEachParticipant } from "./job-context.ts";

/** At the end of the day, a reminder of the daily report to those who have not sent one. */
export const buildEveningReminders: JobBuilder = async (ctx) => {
  const participants = await findParticipantRecipients(ctx.db, ctx.program.id, {
    reachableOnly: true,
    withoutReportOn: dateColumn(ctx.slot.localDate),
  });
  return messageEachParticipant(ctx, participants, (enrollment, { t, locale }) => ({
    text: t("scheduler.evening_text", {
      name: escapeHtml(enrollment.person.fullName),
      date: formatDateId(ctx.slot.localDate, locale),
    }),
  }));
};
