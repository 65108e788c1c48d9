import { InlineKeyboard } from "grammy";
import type { Translate } from "../../i18n/i18n.ts";

export const ratingCallback = /^final_report:(host|mentor):([1-5])$/;
export const SKIP_COMMENT_CALLBACK = "final_report:skip";

export function ratingKeyboard(target: "host" | "mentor"): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (let score = 1; score <= 5; score++) {
    keyboard.text(`${score} ⭐`, `final_report:${target}:${score}`);
  }
  return keyboard;
}

export function skipKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard().text(t("final_report.button_skip"), SKIP_COMMENT_CALLBACK);
}
