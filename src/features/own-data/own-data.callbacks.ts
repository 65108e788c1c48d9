import { defineCallback, field } from "../../bot/callback-data.ts";

/** `own:erase:<personId>`: confirms /hapusdata for the person the button was made for. */
export const eraseOwnData = defineCallback("own:erase", {
  // As loose as the bot has always accepted; the handler compares it with the actor's person.
  personId: field.matching("[0-9a-f-]{36}", "00000000-0000-0000-0000-000000000000"),
});
/** `own:keep`: /hapusdata cancelled. */
export const keepOwnData = defineCallback("own:keep");
