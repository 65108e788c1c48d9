import { defineCallback, field } from "../../bot/callback-data.ts";

const looseId = field.matching("[0-9a-f-]{36}", "00000000-0000-0000-0000-000000000000");

/** The buttons of the registration conversation. */
export const registrationCallbacks = {
  /** `reg:agency:<key>`: a home agency (an agency id, or `h` and a 12-character name hash). */
  agency: defineCallback("reg:agency", {
    key: field.matching("[0-9a-f-]{36}|h[A-Za-z0-9_-]{12}", "00000000-0000-0000-0000-000000000000"),
  }),
  /** `reg:consent:yes|no`. */
  consent: defineCallback("reg:consent", { answer: field.oneOf("yes", "no") }),
  /** `reg:confirm`: the summary is right. */
  confirm: defineCallback("reg:confirm"),
  /** `reg:edit`: change an answer (shows the fields). */
  edit: defineCallback("reg:edit"),
  /** `reg:edit:<field>`: the answer to change. */
  editField: defineCallback("reg:edit", {
    field: field.oneOf("name", "nip", "position", "agency", "phone"),
  }),
  /** `reg:back`: back to the summary. */
  back: defineCallback("reg:back"),
} as const;

/** `reg:req:ok|no:<requestId>`: a coordinator approves or rejects an identity request. */
export const requestDecision = defineCallback("reg:req", {
  decision: field.oneOf("ok", "no"),
  requestId: looseId,
});
