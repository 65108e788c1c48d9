import { defineCallback, field } from "../../bot/callback-data.ts";

/** `imp:prog:<programId>`: the program an import is for. */
export const importProgramPick = defineCallback("imp:prog", { programId: field.uuid });
/** `imp:ok|valid|no:<token>`: import, import only the valid rows, or cancel a checked file. */
export const importDecision = defineCallback("imp", {
  action: field.oneOf("ok", "valid", "no"),
  token: field.matching("[A-Za-z0-9_-]{8}", "AAAAAAAA"),
});
