import { findStaffRecipients } from "../../db/repositories/recipients.repository.ts";
import { buildDailyRecap } from "../../features/recap/daily-recap.ts";
import type { Locale } from "../../i18n/i18n.ts";
import { type JobBuilder, jobMessage } from "./job-context.ts";

/** The day's recap (the same as /status shows at the end of the day) to coordinators and their group. */
export const buildDailyRecaps: JobBuilder = async (ctx) => {
  const coordinators = await findStaffRecipients(ctx.db, ctx.program.id, "COORDINATOR", true);
  const texts = new Map<Locale, string | undefined>();
  const recapIn = async (locale: Locale) => {
    if (!texts.has(locale)) {
      const recap = await buildDailyRecap(ctx.db, ctx.program.id, ctx.slot.localDate, locale, {
        now: ctx.slot.dueAt,
        i18n: ctx.i18n,
      });
      texts.set(locale, recap?.text);
    }
    return texts.get(locale);
  };
  const messages = [];
  for (const coordinator of coordinators) {
    const text = await recapIn(ctx.language(coordinator.locale).locale);
    if (!text) continue;
    messages.push(
      jobMessage(ctx, coordinator.personId, coordinator, "sendMessage", {
        text,
        parse_mode: "HTML",
      }),
    );
  }
  const group = ctx.program.coordinatorChatId;
  const groupText = group === null ? undefined : await recapIn(ctx.language(null).locale);
  if (group !== null && groupText) {
    messages.push(
      jobMessage(ctx, `chat:${group}`, { chatId: group, personId: null }, "sendMessage", {
        text: groupText,
        parse_mode: "HTML",
      }),
    );
  }
  return messages;
};
