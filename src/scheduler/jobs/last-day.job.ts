import { findParticipantRecipients } from "../../db/repositories/recipients.repository.ts";
import { escapeHtml } from "../../shared/html.ts";
import { type JobBuilder, jobMessage } from "./job-context.ts";

/** The last day: thanks, the final report (/laporanakhir) and the feedback on the host. */
export const buildLastDayNotices: JobBuilder = async (ctx) => {
  const participants = await findParticipantRecipients(ctx.db, ctx.program.id, {
    reachableOnly: true,
  });
  return participants.flatMap((enrollment) => {
    const account = enrollment.person.account;
    if (!account) return [];
    const { t } = ctx.language(account.locale);
    return [
      jobMessage(
        ctx,
        enrollment.person.id,
        { chatId: account.telegramUserId, personId: enrollment.person.id },
        "sendMessage",
        {
          text: t("scheduler.lastday_text", {
            name: escapeHtml(enrollment.person.fullName),
            program: escapeHtml(ctx.program.name),
          }),
          parse_mode: "HTML",
        },
      ),
    ];
  });
};
