import { InlineKeyboard } from "grammy";
import { defineCallback, field } from "../../bot/callback-data.ts";
import type { Translate } from "../../i18n/i18n.ts";

/** `final_report:host|mentor:<1-5>`: a rating of the host unit or of the mentor. */
export const finalReportRating = defineCallback("final_report", {
  target: field.oneOf("host", "mentor"),
  score: field.matching("[1-5]", "5"),
});
/** `final_report:skip`: no comment. */
export const skipComment = defineCallback("final_report:skip");

export function ratingKeyboard(target: "host" | "mentor"): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (let score = 1; score <= 5; score++) {
    keyboard.text(`${score} ⭐`, finalReportRating.build({ target, score: String(score) }));
  }
  return keyboard;
}

export function skipKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard().text(t("final_report.button_skip"), skipComment.build({}));
}
