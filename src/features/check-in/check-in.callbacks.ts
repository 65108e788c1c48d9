/**
 * Callback data of the check-in buttons. CHECKIN_START_CALLBACK is meant for other features too:
 * the morning reminder carries a button with it that opens the same flow as /hadir.
 */
export const CHECKIN_START_CALLBACK = "checkin:start";

export const absenceCallback = /^checkin:alt:(izin|sakit|dinas_luar)$/;
export const reviewCallback =
  /^checkin:review:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):(ok|no)$/;
/** "✏️ Koreksi" on a review request: starts the same correction as /koreksi for that day. */
export const correctionCallback =
  /^checkin:fix:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
/** Any other `checkin:` data is forged or from an old version of the bot. */
export const anyCheckInCallback = /^checkin:/;

export function absenceCallbackData(kind: "izin" | "sakit" | "dinas_luar"): string {
  return `checkin:alt:${kind}`;
}

export function reviewCallbackData(checkInId: string, decision: "ok" | "no"): string {
  return `checkin:review:${checkInId}:${decision}`;
}

export function correctionCallbackData(checkInId: string): string {
  return `checkin:fix:${checkInId}`;
}
