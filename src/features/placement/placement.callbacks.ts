import { anyCallbackOf, defineCallback, field } from "../../bot/callback-data.ts";

// Buttons of an automatic proposal carry its nonce: one from an older proposal is stale.
const nonce = field.matching("[a-z0-9]{6}", "zzzzzz");

/** `placement:auto:ok|cancel|back:<nonce>`. */
export const proposalAction = defineCallback("placement:auto", {
  action: field.oneOf("ok", "cancel", "back"),
  nonce,
});
/** `placement:auto:page:<nonce>:<page>`: a page of participants to change. */
export const proposalPage = defineCallback("placement:auto:page", { nonce, page: field.digits(4) });
/** `placement:auto:who:<nonce>:<participant index>`: the participant to move. */
export const proposalWho = defineCallback("placement:auto:who", {
  nonce,
  participant: field.digits(5),
});
/** `placement:auto:to:<nonce>:<participant index>:<unit index>`: where to move them. */
export const proposalTo = defineCallback("placement:auto:to", {
  nonce,
  participant: field.digits(5),
  unit: field.digits(4),
});
/** `placement:manual:<compact enrollment id>:<compact unit id>`: /tempatkan with several matches. */
export const manualPlacement = defineCallback("placement:manual", {
  enrollmentId: field.compactId,
  unitId: field.compactId,
});
/** Any other `placement:` data is forged or from an older version of the bot. */
export const anyPlacementCallback = anyCallbackOf("placement");
