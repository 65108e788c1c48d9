import { findParticipantRecipients } from "../../db/repositories/recipients.repository.ts";
import { escapeHtml } from "../../shared/html.ts";
import { type JobBuilder, messageEachParticipant } from "./job-context.ts";

/** The last day: thanks, the final report (/laporanakhir) and the feedback on the host. */
export const buildLastDayNotices: JobBuilder = async (ctx) => {
  const participants = await findParticipantRecipients(ctx.db, ctx.program.id, {
    reachableOnly: true,
  });
  return messageEachParticipant(ctx, participants, (enrollment, { t }) => ({
    text: t("scheduler.lastday_text", {
      name: escapeHtml(enrollment.person.fullName),
      program: escapeHtml(ctx.program.name),
    }),
  }));
};
