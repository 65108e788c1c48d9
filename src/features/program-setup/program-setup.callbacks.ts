import { defineCallback, field } from "../../bot/callback-data.ts";

/** `prog:prov:<province code>`: a province chosen in /programbaru. */
export const programProvince = defineCallback("prog:prov", {
  code: field.matching("\\d{2}", "99"),
});
/** `prog:new:ok|no|skip`: confirm or cancel the new program, or skip the agreement. */
export const newProgramDecision = defineCallback("prog:new", {
  action: field.oneOf("ok", "no", "skip"),
});
/** `prog:ret:<programId>`: the program a return visit is made for (/programbalasan). */
export const returnVisitPick = defineCallback("prog:ret", { programId: field.uuid });
