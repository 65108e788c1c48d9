import { defineCallback, field } from "../../bot/callback-data.ts";

/** `libur:prog:<programId>`: the program picked after /libur. */
export const daysOffProgramPick = defineCallback("libur:prog", { programId: field.uuid });
