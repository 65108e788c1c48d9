import { InlineKeyboard, Keyboard } from "grammy";
import type { Translate } from "../../i18n/i18n.ts";
import { checkInAbsence } from "./check-in.callbacks.ts";

/** The reply keyboard whose button shares the phone's current location. */
export function locationKeyboard(t: Translate) {
  return new Keyboard().requestLocation(t("check_in.button_send_location")).resized().oneTime();
}

export function absenceKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("check_in.button_izin"), checkInAbsence.build({ kind: "izin" }))
    .text(t("check_in.button_sakit"), checkInAbsence.build({ kind: "sakit" }))
    .row()
    .text(t("check_in.button_dinas_luar"), checkInAbsence.build({ kind: "dinas_luar" }));
}
