import { findParticipantRecipients } from "../../db/repositories/recipients.repository.ts";
import { addDays, formatDateId } from "../../domain/time.ts";
import { escapeHtml } from "../../shared/html.ts";
import { type JobBuilder, messageEachParticipant, programTime } from "./job-context.ts";

/** The day before the program starts: where to go, by when, and what to bring. */
export const buildPreStartNotices: JobBuilder = async (ctx) => {
  const participants = await findParticipantRecipients(ctx.db, ctx.program.id, {
    reachableOnly: true,
  });
  const firstDay = addDays(ctx.slot.localDate, 1);
  const start = programTime(
    { ...ctx, slot: { ...ctx.slot, localDate: firstDay } },
    ctx.program.startOfDayAt,
  );
  return messageEachParticipant(ctx, participants, (enrollment, { t, locale }) => {
    const unit = enrollment.hostUnit;
    const where = unit
      ? t("scheduler.prestart_place", {
          agency: escapeHtml(unit.name),
          address: unit.address
            ? t("scheduler.address_line", { address: escapeHtml(unit.address) })
            : "",
        })
      : t("scheduler.prestart_unplaced");
    return {
      text: t("scheduler.prestart_text", {
        name: escapeHtml(enrollment.person.fullName),
        program: escapeHtml(ctx.program.name),
        date: formatDateId(firstDay, locale),
        where,
        start,
      }),
    };
  });
};
