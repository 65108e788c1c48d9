import { findStaffRecipients } from "../../db/repositories/recipients.repository.ts";
import { listActiveGrantsOfProgram } from "../../db/repositories/roles.repository.ts";
import { resolveProgramScope } from "../../features/access/scope.ts";
import { buildDailyRecap } from "../../features/recap/daily-recap.ts";
import type { Locale } from "../../i18n/i18n.ts";
import { type JobBuilder, jobMessage } from "./job-context.ts";

/**
 * The day's recap (the same as /status shows at the end of the day) to each coordinator, within
 * their scope (a unit-limited coordinator gets their units only), and to their group chat as
 * counts only: no names in a group (SECURITY.md).
 */
export const buildDailyRecaps: JobBuilder = async (ctx) => {
  const coordinators = await findStaffRecipients(ctx.db, ctx.program.id, "COORDINATOR", true);
  const grants = await listActiveGrantsOfProgram(
    ctx.db,
    ctx.program.id,
    coordinators.map((coordinator) => coordinator.personId),
  );
  const texts = new Map<string, string | undefined>();
  const recapIn = async (locale: Locale, hostUnitIds: readonly string[] | null, names: boolean) => {
    const key = `${locale}|${names}|${hostUnitIds?.join(",") ?? "*"}`;
    if (!texts.has(key)) {
      const recap = await buildDailyRecap(ctx.db, ctx.program.id, ctx.slot.localDate, locale, {
        now: ctx.slot.dueAt,
        i18n: ctx.i18n,
        hostUnitIds,
        withNames: names,
      });
      texts.set(key, recap?.text);
    }
    return texts.get(key);
  };
  const messages = [];
  for (const coordinator of coordinators) {
    const scope = resolveProgramScope(
      {
        telegramUserId: coordinator.chatId,
        personId: coordinator.personId,
        locale: coordinator.locale,
        isAdmin: false,
        grants: grants.filter((grant) => grant.personId === coordinator.personId),
      },
      ctx.program.id,
      "manage",
    );
    if (!scope) continue;
    const text = await recapIn(ctx.language(coordinator.locale).locale, scope.hostUnitIds, true);
    if (!text) continue;
    messages.push(
      jobMessage(ctx, coordinator.personId, coordinator, "sendMessage", {
        text,
        parse_mode: "HTML",
      }),
    );
  }
  const group = ctx.program.coordinatorChatId;
  const groupText =
    group === null ? undefined : await recapIn(ctx.language(null).locale, null, false);
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
