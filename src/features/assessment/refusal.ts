import type { BotContext } from "../../bot/context.ts";
import type { AssessmentWindow } from "../../domain/assessment.ts";
import { formatDateId } from "../../domain/time.ts";
import type { AssessmentRefusal } from "./assessment.service.ts";

/** Why an assessment button or step was refused, in the user's language. */
export function refusalText(
  ctx: BotContext,
  reason: AssessmentRefusal | "incomplete" | "not_submitted" | "stale",
  window?: AssessmentWindow,
): string {
  switch (reason) {
    case "not_yet":
      return ctx.t("assessment.refused_not_yet", {
        opens: window ? formatDateId(window.opensOn, ctx.locale) : "",
      });
    case "closed":
      return ctx.t("assessment.refused_closed", {
        closes: window ? formatDateId(window.closesOn, ctx.locale) : "",
      });
    case "not_allowed":
      return ctx.t("assessment.refused_not_allowed");
    case "gone":
      return ctx.t("assessment.refused_gone");
    default:
      return ctx.t("assessment.stale_button");
  }
}
