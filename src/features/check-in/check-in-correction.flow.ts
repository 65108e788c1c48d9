import type { BotContext } from "../../bot/context.ts";
import type { FlowDefinition, FlowState } from "../../bot/flows.ts";
import { canReviewCheckIns } from "../access/access.ts";
import { applyCorrection } from "./check-in-correction.reply.ts";
import {
  CORRECTION_CODES,
  findCorrectionEnrollment,
  MAX_CORRECTION_REASON,
} from "./check-in-correction.service.ts";

export const CORRECTION_FLOW = "checkin_fix";

/** Ids only: the participant is looked up again when the answer arrives. */
export interface CorrectionFlowData {
  programId: string;
  enrollmentId: string;
  /** "YYYY-MM-DD" in the host province's zone: the day of the check-in the button was on. */
  day: string;
}

/** After the "✏️ Koreksi" button: one answer, "KODE alasan", as at the end of /koreksi. */
export function createCheckInCorrectionFlow(): FlowDefinition {
  return { name: CORRECTION_FLOW, steps: { reason: onReason } };
}

async function onReason(ctx: BotContext, state: FlowState): Promise<void> {
  const data = state.data as unknown as CorrectionFlowData;
  const parsed = parseCodeAndReason(ctx.message?.text ?? "");
  if (!parsed || parsed.reason.length > MAX_CORRECTION_REASON) {
    await ctx.reply(ctx.t("check_in.correct_flow_usage", { max: MAX_CORRECTION_REASON }), {
      parse_mode: "HTML",
    });
    return;
  }
  await ctx.flow.end();
  const enrollment = await findCorrectionEnrollment(ctx.deps.db, data.programId, data.enrollmentId);
  if (!enrollment) {
    await ctx.reply(ctx.t("check_in.correct_not_found"));
    return;
  }
  // Checked again: a role revoked or a participant moved since the button was pressed.
  if (!canReviewCheckIns(ctx.actor, data.programId, enrollment.hostUnitId)) {
    ctx.logger.warn({ enrollmentId: enrollment.id }, "checkin.correction_denied");
    await ctx.reply(ctx.t("check_in.review_denied"));
    return;
  }
  await applyCorrection(ctx, {
    programId: data.programId,
    enrollment,
    day: data.day,
    status: CORRECTION_CODES[parsed.code] ?? "ALPA",
    reason: parsed.reason,
  });
}

/** "<code> <reason>", the end of /koreksi and the answer after the "✏️ Koreksi" button. */
export function parseCodeAndReason(text: string): { code: string; reason: string } | undefined {
  const tokens = text.trim().split(/\s+/);
  const code = (tokens[0] ?? "").toUpperCase();
  const reason = tokens.slice(1).join(" ").trim();
  if (!(code in CORRECTION_CODES) || reason.length === 0) return undefined;
  return { code, reason };
}
