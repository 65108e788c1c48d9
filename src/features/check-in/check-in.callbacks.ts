import { defineCallback, field } from "../../bot/callback-data.ts";

/** `checkin:start`: opens the same flow as /hadir. */
export const checkInStart = defineCallback("checkin:start");
/** `checkin:alt:izin|sakit|dinas_luar`: an absence instead of a check-in. */
export const checkInAbsence = defineCallback("checkin:alt", {
  kind: field.oneOf("izin", "sakit", "dinas_luar"),
});
/** `checkin:review:<checkInId>:ok|no`: a mentor confirms or rejects a check-in. */
export const checkInReview = defineCallback("checkin:review", {
  checkInId: field.uuid,
  decision: field.oneOf("ok", "no"),
});

/** For other features too: the morning reminder carries a button that opens the check-in flow. */
export const CHECKIN_START_CALLBACK = checkInStart.build({});
/** `checkin:fix:<checkInId>`: "✏️ Koreksi" on a review request, the same correction as /koreksi. */
export const checkInCorrection = defineCallback("checkin:fix", { checkInId: field.uuid });
