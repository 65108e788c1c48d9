import type { BotContext } from "../../bot/context.ts";
import type { DbOrTx } from "../../db/client.ts";
import {
  type CurrentEnrollment,
  findCurrentEnrollment,
} from "../../db/repositories/enrollments.repository.ts";
import { localDate } from "../../domain/time.ts";
import type { HostUnit } from "../../generated/prisma/client.ts";

/** A participant's current enrollment with the host unit they were placed at. */
export interface ParticipantPlacement {
  enrollment: CurrentEnrollment;
  program: CurrentEnrollment["program"];
  hostUnit: HostUnit;
  timeZone: string;
  /** WIB, WITA or WIT of the host province. */
  zone: string;
  /** Today in the host province, "YYYY-MM-DD". */
  today: string;
}

export type PlacementLookup =
  | { ok: true; placement: ParticipantPlacement }
  | { ok: false; reason: "not_registered" | "not_placed" };

export async function findParticipantPlacement(
  db: DbOrTx,
  personId: string | null | undefined,
  now: Date,
): Promise<PlacementLookup> {
  if (!personId) return { ok: false, reason: "not_registered" };
  const enrollment = await findCurrentEnrollment(db, personId, now);
  if (!enrollment) return { ok: false, reason: "not_registered" };
  if (!enrollment.hostUnit) return { ok: false, reason: "not_placed" };
  const province = enrollment.program.hostProvince;
  return {
    ok: true,
    placement: {
      enrollment,
      program: enrollment.program,
      hostUnit: enrollment.hostUnit,
      timeZone: province.timeZone,
      zone: province.zone,
      today: localDate(now, province.timeZone),
    },
  };
}

/**
 * For the participant's commands and buttons: the placement, or a polite explanation (not
 * registered yet, not placed yet) and undefined.
 */
export async function requirePlacement(ctx: BotContext): Promise<ParticipantPlacement | undefined> {
  const lookup = await findParticipantPlacement(
    ctx.deps.db,
    ctx.actor?.personId,
    ctx.deps.clock.now(),
  );
  if (lookup.ok) return lookup.placement;
  const key =
    lookup.reason === "not_placed" ? "placement_info.not_placed" : "placement_info.not_registered";
  if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
  await ctx.reply(ctx.t(key), { reply_markup: { remove_keyboard: true } });
  return undefined;
}
