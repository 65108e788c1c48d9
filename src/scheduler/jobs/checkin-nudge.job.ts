import { InlineKeyboard } from "grammy";
import { findParticipantRecipients } from "../../db/repositories/recipients.repository.ts";
import { dateColumn } from "../../domain/time.ts";
import { CHECKIN_START_CALLBACK } from "../../features/check-in/check-in.callbacks.ts";
import { escapeHtml } from "../../shared/html.ts";
import { type JobBuilder, messageEachParticipant, programTime } from "./job-context.ts";

/** Before the check-in window closes, a nudge to the placed participants without a check-in. */
export const buildCheckInNudges: JobBuilder = async (ctx) => {
  const participants = await findParticipantRecipients(ctx.db, ctx.program.id, {
    placedOnly: true,
    reachableOnly: true,
    withoutCheckInOn: dateColumn(ctx.slot.localDate),
  });
  const closes = programTime(ctx, ctx.program.checkInClosesAt);
  return messageEachParticipant(ctx, participants, (enrollment, { t }) => ({
    text: t("scheduler.nudge_text", { name: escapeHtml(enrollment.person.fullName), closes }),
    reply_markup: new InlineKeyboard().text(t("scheduler.morning_button"), CHECKIN_START_CALLBACK),
  }));
};
