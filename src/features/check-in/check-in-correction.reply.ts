import type { BotContext } from "../../bot/context.ts";
import { formatDateId } from "../../domain/time.ts";
import { isLocale, translatorFor } from "../../i18n/i18n.ts";
import { escapeHtml } from "../../shared/html.ts";
import {
  type CorrectedStatus,
  correctCheckIn,
  findCorrectedParticipantAccount,
} from "./check-in-correction.service.ts";
import { statusLabel } from "./check-in-render.ts";

/**
 * The end of a correction, from /koreksi or from the "✏️ Koreksi" button: saves it (audited),
 * tells the reviewer and then the participant. The caller has checked the reviewer's rights.
 */
export async function applyCorrection(
  ctx: BotContext,
  input: {
    programId: string;
    enrollment: { id: string; hostUnitId: string | null; person: { fullName: string } };
    day: string;
    status: CorrectedStatus;
    reason: string;
  },
): Promise<void> {
  const { enrollment, day, status, reason } = input;
  const { previous } = await correctCheckIn(ctx.deps.db, {
    programId: input.programId,
    enrollment,
    day,
    status,
    reason,
    actorPersonId: ctx.actor?.personId ?? null,
    now: ctx.deps.clock.now(),
  });
  ctx.logger.info({ enrollmentId: enrollment.id, status }, "checkin.corrected");
  await ctx.reply(
    ctx.t("check_in.corrected", {
      name: escapeHtml(enrollment.person.fullName),
      date: formatDateId(day, ctx.locale),
      from: statusLabel(ctx.t, previous),
      to: statusLabel(ctx.t, status),
    }),
    { parse_mode: "HTML" },
  );
  const participant = await findCorrectedParticipantAccount(ctx.deps.db, enrollment.id);
  if (!participant) return;
  const locale = isLocale(participant.locale) ? participant.locale : ctx.deps.config.defaultLocale;
  const t = translatorFor(ctx.deps.i18n, locale);
  await ctx.api
    .sendMessage(
      Number(participant.telegramUserId),
      t("check_in.corrected_participant", {
        date: formatDateId(day, locale),
        status: statusLabel(t, status),
        reason: escapeHtml(reason),
      }),
      { parse_mode: "HTML" },
    )
    .catch((error) => ctx.logger.warn({ err: error }, "checkin.participant_unreachable"));
}
